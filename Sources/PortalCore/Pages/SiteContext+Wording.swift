/// The words and figures every page shares, in the client's language and formats.
extension SiteContext {
    /// A TimeTracker status (`partially_paid`) as the client reads it (`Partially Paid`, `Teilweise bezahlt`);
    /// a status TimeTracker added after portalgen is title-cased English.
    func status(_ status: String) -> String {
        guard let english = Presentation.knownStatuses[status] else { return Presentation.titleCase(status) }
        return t(english)
    }

    /// A notification's kind (`invoice_overdue` → `Invoice overdue`); kinds TimeTracker adds later are
    /// title-cased English.
    func notificationType(_ type: String) -> String {
        let known = [
            "invoice_created": "New invoice", "invoice_sent": "New invoice", "invoice_overdue": "Invoice overdue", "invoice_paid": "Invoice paid",
            "quote_available": "New quote", "quote_sent": "New quote", "time_entry_approval": "Approval requested", "project_update": "Project update",
            "comment": "Comment",
        ]
        return known[type].map { t($0) } ?? Presentation.titleCase(type)
    }

    /// A payment method: brands as their owners write them (PayPal, iDEAL), generic methods translated.
    func paymentMethod(_ method: String) -> String {
        let name = Presentation.paymentMethod(method)
        return Presentation.genericPaymentMethods.contains(name) ? t(name) : name
    }

    /// A payment-status badge: text and a tone (`success`, `danger`, `warning`, `info`, `neutral`).
    func paymentBadge(_ invoice: InvoiceRecord) -> [String: Any] {
        let badge = Presentation.paymentBadge(invoice, today: today)
        return ["text": t(badge.text), "tone": badge.tone]
    }

    /// Amounts for a template's `{{#amounts}}{{text}}{{/amounts}}`.
    func moneyList(_ amounts: [Money]) -> [[String: Any]] { amounts.map { ["text": format.money($0)] } }
}

/// Titles and files every list shares.
extension SiteContext {
    /// `Activity (page 2 of 5)`; the title alone when there is one page.
    func paged(_ title: String, page: Int, of count: Int) -> String {
        count > 1 ? t("{{title}} (page {{page}} of {{count}})", ["title": title, "page": format.count(page), "count": format.count(count)]) : title
    }

    /// The CSV field separator: TimeTracker's `export_delimiter`, except that the default comma becomes a
    /// semicolon where the locale writes decimals with a comma, as spreadsheets there expect.
    var csvSeparator: Character {
        let chosen = snapshot.settings.exportDelimiter
        return chosen == "," && format.numbers.decimalSeparator == "," ? ";" : chosen
    }

    /// A CSV file's bytes: UTF-8 with a byte-order mark, so spreadsheets read names in any script right.
    /// Numbers in it keep a decimal point (`1.50`), so they read the same in every locale.
    func csvFile(_ text: String) -> [UInt8] { [0xEF, 0xBB, 0xBF] + Array(text.utf8) }
}

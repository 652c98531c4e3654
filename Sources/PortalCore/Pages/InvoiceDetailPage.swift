import Foundation

/// `invoices/<id>.html`: one invoice as the client would print it.
///
/// Shows the seller (TimeTracker settings), the invoice's snapshot of the client, line items, extra goods
/// and expenses, tax, totals, payments, credit notes and the amount due, all in the invoice's currency.
struct InvoiceDetailPage {
    /// The page and the files beside it (its e-invoice, its credit notes' and its payment QR code), each
    /// made once: the page links exactly the files that exist.
    static func build(_ site: SiteContext, _ invoice: InvoiceRecord, documents: InvoiceEDocuments) -> (page: PageModel, files: [SiteFile]) {
        let files = attachments(site, invoice, documents)
        let written = Set(files.map(\.path))
        let currency = invoice.currency
        func money(_ amount: Decimal) -> String { site.money(amount, currency) }
        let settings = site.snapshot.settings

        let items: [[String: Any]] = invoice.items.map { item in
            [
                "description": Presentation.text(item.description) ?? "", "quantity": site.format.quantity(item.quantity),
                "unitPrice": site.format.unitPrice(Money(item.unitPrice, currency)), "total": money(item.total),
            ]
        }
        let goods: [[String: Any]] = invoice.goods.map { good in
            var row: [String: Any] = [
                "name": Presentation.text(good.name) ?? "", "quantity": site.format.quantity(good.quantity),
                "unitPrice": site.format.unitPrice(Money(good.unitPrice, currency)),
                "total": money(good.total),
            ]
            if let description = Presentation.text(good.description) { row["description"] = description }
            if let sku = Presentation.text(good.sku) { row["sku"] = sku }
            return row
        }
        let expenses: [[String: Any]] = invoice.expenses.map { expense in
            var row: [String: Any] = ["title": Presentation.text(expense.title) ?? "", "total": money(expense.total)]
            if let category = Presentation.text(expense.category) { row["category"] = site.status(category) }
            if let date = expense.date { row["date"] = site.format.date(date) }
            return row
        }
        let payments: [[String: Any]] = invoice.payments.filter { $0.status == "completed" }.map { payment in
            var row: [String: Any] = ["date": site.format.date(payment.date), "amount": site.money(payment.amount, payment.currency ?? currency)]
            if let method = payment.method { row["method"] = site.paymentMethod(method) }
            return row
        }
        let credits: [[String: Any]] = invoice.creditNotes.map { note in
            var row: [String: Any] = ["number": Presentation.text(note.number) ?? "", "amount": money(note.amount)]
            row["href"] = String(CreditNotePage.path(invoice, note).dropFirst("invoices/".count))
            if written.contains(UBLInvoice.file(invoice, credit: note)) { row["xml"] = "\(invoice.id)-credit-\(note.id).xml" }
            if let reason = Presentation.text(note.reason) { row["reason"] = reason }
            return row
        }
        let overdue = invoice.isOverdue(today: site.today)
        let due = invoice.outstanding
        var context: [String: Any] = [
            "number": Presentation.text(invoice.number) ?? "",
            "seller": seller(settings),
            "billTo": billTo(invoice),
            "issued": site.format.date(invoice.issueDate), "due": site.format.date(invoice.dueDate),
            "badge": site.paymentBadge(invoice),
            "currency": currency,
            "items": items, "goods": goods, "expenses": expenses, "payments": payments, "credits": credits,
            "hasItems": !items.isEmpty, "hasGoods": !goods.isEmpty, "hasExpenses": !expenses.isEmpty, "hasPayments": !payments.isEmpty,
            "hasCredits": !credits.isEmpty,
            "subtotal": money(invoice.subtotal), "total": money(invoice.total),
            "paid": money(invoice.amountPaid), "hasPaid": invoice.amountPaid != 0,
            // An overpaid invoice owes nothing: what was paid beyond it is the client's credit, never a negative "due".
            "amountDue": money(due), "showDue": !invoice.isCancelled && !invoice.isFullyPaid && due >= 0,
            "cancelled": invoice.isCancelled,
        ]
        if invoice.taxRate > 0 {
            context["tax"] = ["rate": site.format.number(invoice.taxRate), "amount": money(invoice.taxAmount)]
        }
        if !invoice.isCancelled, due < 0 { context["credit"] = money(-due) }
        if overdue {
            context["daysOverdue"] = site.t(
                "This invoice is {{count}} day overdue.", "This invoice is {{count}} days overdue.", count: invoice.dueDate.days(until: site.today))
        }
        if let notes = Presentation.text(invoice.notes) { context["notes"] = notes }
        if let terms = Presentation.text(invoice.terms) { context["terms"] = terms }
        if let base = site.timetrackerURL, settings.hasPaymentGateway, !invoice.isCancelled, due > 0 {
            context["payURL"] = "\(base)/client-portal/invoices/\(invoice.id)"
        }
        if !invoice.isCancelled, Money.rounded(due) > 0, !invoice.isFullyPaid, let payment = site.payment {
            var pay = payment.bankContext
            pay["reference"] = Presentation.text(invoice.number) ?? ""
            pay["amountDue"] = money(due)
            if written.contains(PaymentInstructions.qrFile(invoice)) { pay["qr"] = "\(invoice.id)-pay.svg" }
            context["payment"] = pay
        }
        if written.contains(UBLInvoice.file(invoice)) { context["xml"] = "\(invoice.id).xml" }
        var page = PageModel(
            path: "invoices/\(invoice.id).html", template: "invoice", title: site.t("Invoice {{number}}", ["number": Presentation.text(invoice.number) ?? ""]),
            section: "invoices", context: context)
        page.printName = PageModel.printName(invoice.number)
        if site.printsPDF, case .success(let document) = documents.invoice {
            page.facturX = (document.cii(), invoice.issueDate)
        }
        return (page, files)
    }

    /// The files beside the invoice's page: its e-invoice (UBL), its credit notes', and its EPC payment QR code.
    private static func attachments(_ site: SiteContext, _ invoice: InvoiceRecord, _ documents: InvoiceEDocuments) -> [SiteFile] {
        var files: [SiteFile] = []
        if let sent = invoice.sentUBL {
            files.append(SiteFile(path: UBLInvoice.file(invoice), bytes: Array(sent.utf8)))
        } else if case .success(let document) = documents.invoice {
            files.append(SiteFile(path: UBLInvoice.file(invoice), bytes: document.xml()))
        }
        for note in invoice.creditNotes {
            if let document = documents.creditNotes[note.id] {
                files.append(SiteFile(path: UBLInvoice.file(invoice, credit: note), bytes: document.xml()))
            }
        }
        return files + paymentQR(site, invoice)
    }

    private static func paymentQR(_ site: SiteContext, _ invoice: InvoiceRecord) -> [SiteFile] {
        // Where the page says how to pay (the EPC code itself requires an amount of at least a cent).
        guard !invoice.isCancelled, !invoice.isFullyPaid, let payment = site.payment,
            let epc = payment.epc(invoice, seller: site.snapshot.settings.companyName),
            let svg = QRCodeSVG.svg(
                epc.payload,
                title: site.t(
                    "Payment QR code for invoice {{number}}: {{amount}} to {{iban}}",
                    ["number": invoice.number, "amount": site.money(epc.amount, "EUR"), "iban": epc.iban.grouped]))
        else { return [] }
        return [SiteFile(path: PaymentInstructions.qrFile(invoice), bytes: Array(svg.utf8))]
    }

    /// The client as the invoice recorded it when it was issued.
    static func billTo(_ invoice: InvoiceRecord) -> [String: Any] {
        var billTo: [String: Any] = ["name": Presentation.text(invoice.clientName) ?? ""]
        if let email = Presentation.text(invoice.clientEmail) { billTo["email"] = email }
        if let address = Presentation.text(invoice.clientAddress) { billTo["address"] = address }
        return billTo
    }

    /// The seller block from TimeTracker's settings, or false when settings name nothing.
    static func seller(_ settings: GlobalSettings) -> Any {
        var seller: [String: Any] = [:]
        if let name = Presentation.text(settings.companyName) { seller["name"] = name }
        if let address = Presentation.text(settings.companyAddress) { seller["address"] = address }
        if let email = Presentation.text(settings.companyEmail) { seller["email"] = email }
        if let phone = Presentation.text(settings.companyPhone) { seller["phone"] = phone }
        if let website = Presentation.text(settings.companyWebsite) { seller["website"] = website }
        if let taxID = Presentation.text(settings.companyTaxID) { seller["taxID"] = taxID }
        return seller.isEmpty ? false : seller
    }
}

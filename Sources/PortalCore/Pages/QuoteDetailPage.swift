import Foundation

/// `quotes/<id>.html`: one quote as the client would print it (PORTAL_SPEC 4.9): the seller, the client
/// (the live client record, as TimeTracker's portal shows it), details, description, lines, subtotal, the
/// discount with its reason (TimeTracker's portal leaves it out, so its totals do not add up), tax, total
/// and terms. Accepting or declining happens in TimeTracker: a link there while the quote is open.
struct QuoteDetailPage {
    static func build(_ site: SiteContext, _ quote: QuoteRecord) -> PageModel {
        let currency = quote.currency
        func money(_ amount: Decimal) -> String { site.money(amount, currency) }
        let client = site.snapshot.client
        var billTo: [String: Any] = ["name": Presentation.text(client.name) ?? ""]
        if let email = Presentation.text(client.email) { billTo["email"] = email }
        if let address = Presentation.text(client.address) { billTo["address"] = address }

        let items: [[String: Any]] = quote.items.map { item in
            var row: [String: Any] = [
                "quantity": site.format.quantity(item.quantity), "unitPrice": site.format.unitPrice(Money(item.unitPrice, currency)),
                "total": money(item.total),
            ]
            if let name = Presentation.text(item.displayName) {
                row["name"] = name
                if item.description != item.displayName, item.description != "-", let detail = Presentation.text(item.description), !detail.isEmpty {
                    row["detail"] = detail
                }
            } else {
                row["name"] = Presentation.text(item.description) ?? ""
            }
            if let unit = Presentation.text(item.unit) { row["unit"] = unit }
            if item.kind == "expense", let category = Presentation.text(item.category) { row["category"] = site.status(category) }
            if item.kind == "good", let sku = Presentation.text(item.sku) { row["sku"] = sku }
            return row
        }
        var context: [String: Any] = [
            "number": Presentation.text(quote.number) ?? "",
            "quoteTitle": Presentation.text(quote.title) ?? "",
            "seller": InvoiceDetailPage.seller(site.snapshot.settings),
            "billTo": billTo,
            "date": site.format.date(quote.createdAt.date),
            "badge": badge(site, quote),
            "expired": quote.isExpired(today: site.today),
            "currency": currency,
            "items": items, "hasItems": !items.isEmpty,
            "subtotal": money(quote.subtotal), "total": money(quote.total),
        ]
        if let validUntil = quote.validUntil { context["validUntil"] = site.format.date(validUntil) }
        if let description = Presentation.text(quote.description) { context["description"] = description }
        if let discount = quote.discount {
            var row: [String: Any] = ["amount": money(discount)]
            if quote.discountType == "percentage" { row["rate"] = site.format.number(quote.discountAmount) }
            if let reason = Presentation.text(quote.discountReason) { row["reason"] = reason }
            context["discount"] = row
        }
        if quote.taxAmount > 0 { context["tax"] = ["rate": site.format.number(quote.taxRate), "amount": money(quote.taxAmount)] }
        // TimeTracker stores the unrounded tax and total and shows each rounded on its own, so the shown rows
        // can miss the shown total by a cent: that cent gets a row of its own, and the column adds up.
        let rounding = quote.total - (quote.subtotal - (quote.discount ?? 0) + (quote.taxAmount > 0 ? quote.taxAmount : 0))
        if rounding != 0, abs(rounding) < 0.05 { context["rounding"] = (rounding < 0 ? "\u{2212}" : "+") + money(abs(rounding)) }
        if let terms = Presentation.text(quote.terms) { context["terms"] = terms }
        if let paymentTerms = Presentation.text(quote.paymentTerms) { context["paymentTerms"] = paymentTerms }
        if let project = quote.projectID.flatMap({ site.projectsByID[$0] }) { context["project"] = Presentation.text(project.name) ?? "" }
        if let base = site.timetrackerURL, quote.isOpen(today: site.today) { context["respondURL"] = "\(base)/client-portal/quotes/\(quote.id)" }
        let title = site.t("Quote {{number}}", ["number": Presentation.text(quote.number) ?? ""])
        var page = PageModel(path: "quotes/\(quote.id).html", template: "quote", title: title, section: "quotes", context: context)
        page.printName = PageModel.printName(quote.number)
        return page
    }

    /// A status badge (PORTAL_SPEC 4.9's colours): accepted green, rejected red, expired grey, sent blue.
    static func badge(_ site: SiteContext, _ quote: QuoteRecord) -> [String: Any] {
        if quote.isExpired(today: site.today) { return ["text": site.t("Expired"), "tone": "neutral"] }
        let tone =
            switch quote.status {
            case "accepted": "success"
            case "rejected": "danger"
            case "sent": "info"
            default: "warning"
            }
        return ["text": site.status(quote.status), "tone": tone]
    }
}

import Foundation

/// `invoices/<id>-credit-<note>.html`: a credit note TimeTracker issued against one of the client's invoices, as
/// the client files it: the seller, the invoice's client, the note's number, day and reason, the invoice it
/// credits, and the credited amount, split into net and VAT at the invoice's rate as its e-credit note states
/// them when the invoice has VAT. Its PDF is a Factur-X credit note where the invoice can be an e-invoice.
struct CreditNotePage {
    /// Where the note's page is, beside its invoice's.
    static func path(_ invoice: InvoiceRecord, _ note: CreditNoteRecord) -> String { "invoices/\(invoice.id)-credit-\(note.id).html" }

    /// The page; `written` holds the files made beside the invoice, so the page links its e-credit note only
    /// when there is one, and `document` is that e-credit note, which its PDF embeds.
    static func build(_ site: SiteContext, _ invoice: InvoiceRecord, _ note: CreditNoteRecord, written: Set<String>, document: UBLInvoice?) -> PageModel {
        let settings = site.snapshot.settings
        func money(_ amount: Decimal) -> String { site.money(amount, invoice.currency) }
        let number = Presentation.text(note.number) ?? ""
        let issued = note.issueDate(of: invoice, in: settings.timeZone)
        var context: [String: Any] = [
            "number": number, "seller": InvoiceDetailPage.seller(settings), "billTo": InvoiceDetailPage.billTo(invoice),
            "issued": site.format.date(issued), "currency": invoice.currency, "total": money(note.amount),
            "invoice": ["number": Presentation.text(invoice.number) ?? "", "href": "\(invoice.id).html"],
        ]
        if let reason = Presentation.text(note.reason) { context["reason"] = reason }
        if invoice.taxRate > 0, Money.rounded(note.amount) > 0 {
            let split = UBLInvoice.split(credit: note, rate: invoice.taxRate)
            context["net"] = money(split.net)
            context["tax"] = ["rate": site.format.number(invoice.taxRate), "amount": money(split.tax)]
            if split.rounding != 0 { context["rounding"] = money(split.rounding) }
        }
        let xml = UBLInvoice.file(invoice, credit: note)
        if written.contains(xml) { context["xml"] = String(xml.dropFirst("invoices/".count)) }
        var page = PageModel(
            path: path(invoice, note), template: "credit-note", title: site.t("Credit note {{number}}", ["number": number]), section: "invoices",
            context: context)
        page.printName = PageModel.printName(note.number)
        if site.printsPDF, let document {
            page.facturX = (document.cii(), issued)
        }
        return page
    }
}

/// The client's invoices (never drafts) with their lines, goods, expenses, payments, credit notes and the
/// e-invoice TimeTracker sent, and its quotes with their lines.
extension ScopedReader {
    func invoices(currency: String) throws -> [InvoiceRecord] {
        var invoices = try records("invoices", InvoiceRecord.columns, order: "x.issue_date DESC, x.id DESC") {
            try InvoiceRecord(&$0, fallbackCurrency: currency)
        }
        var index: [Int64: Int] = [:]
        for (position, invoice) in invoices.enumerated() { index[invoice.id] = position }
        func attach<Child>(_ children: [Child], to invoice: (Child) -> Int64, _ add: (inout InvoiceRecord, Child) -> Void) {
            for child in children { if let position = index[invoice(child)] { add(&invoices[position], child) } }
        }
        attach(try records("invoice_items", InvoiceItemRecord.columns, order: "x.id") { try InvoiceItemRecord(&$0) }, to: \.invoiceID) { $0.items.append($1) }
        attach(try records("extra_goods", ExtraGoodRecord.columns, order: "x.id") { try ExtraGoodRecord(&$0) }, to: \.invoiceID) { $0.goods.append($1) }
        attach(try records("expenses", ExpenseRecord.columns, order: "x.expense_date, x.id") { try ExpenseRecord(&$0) }, to: \.invoiceID) {
            $0.expenses.append($1)
        }
        attach(try records("payments", PaymentRecord.columns, order: "x.payment_date, x.id") { try PaymentRecord(&$0) }, to: \.invoiceID) {
            $0.payments.append($1)
        }
        attach(try records("credit_notes", CreditNoteRecord.columns, order: "x.id") { try CreditNoteRecord(&$0) }, to: \.invoiceID) {
            $0.creditNotes.append($1)
        }
        if schema.has("invoice_peppol_transmissions", "ubl_xml") {
            attach(try sentUBL(), to: \.invoice) { invoice, sent in if let xml = sent.xml { invoice.sentUBL = xml } }
        }
        return invoices
    }

    /// The last document sent per invoice (a resend replaces it), when it is a UBL invoice and nothing else
    /// (``StoredUBL``); otherwise the row is reported and the generated e-invoice is served.
    private func sentUBL() throws -> [(invoice: Int64, xml: String?)] {
        try records("invoice_peppol_transmissions", ["id", "invoice_id", "ubl_xml"], order: "x.id") { reader in
            let id = try reader.int("id")
            let invoice = try reader.int("invoice_id")
            let xml = reader.nonEmptyText("ubl_xml")
            if let xml, let problem = StoredUBL.problem(xml) {
                throw RowProblem(
                    table: "invoice_peppol_transmissions", rowID: id, column: "ubl_xml", message: "is not served: \(problem), so the generated e-invoice is")
            }
            return (invoice, xml)
        }
    }

    /// The quotes the client may see, newest first, with their lines in TimeTracker's order.
    func quotes(currency: String) throws -> [QuoteRecord] {
        var quotes = try records("quotes", QuoteRecord.columns, order: "x.created_at DESC, x.id DESC") { try QuoteRecord(&$0, fallbackCurrency: currency) }
        guard !quotes.isEmpty else { return [] }
        var index: [Int64: Int] = [:]
        for (position, quote) in quotes.enumerated() { index[quote.id] = position }
        let order = schema.has("quote_items", "position") ? "x.position, x.id" : "x.id"
        for item in try records("quote_items", QuoteItemRecord.columns, order: order, { try QuoteItemRecord(&$0) }) {
            if let position = index[item.quoteID] { quotes[position].items.append(item) }
        }
        return quotes
    }
}

import Foundation

/// A non-draft invoice of the client with everything its detail page shows.
package struct InvoiceRecord: Sendable, Hashable {
    package var id: Int64
    package var number: String
    package var clientName: String
    var clientEmail: String?
    var clientAddress: String?
    var issueDate: CalendarDate
    var dueDate: CalendarDate
    package var status: String
    package var paymentStatus: String
    package var subtotal: Decimal
    package var taxRate: Decimal
    var taxAmount: Decimal
    package var total: Decimal
    package var currency: String
    package var notes: String?
    package var terms: String?
    /// The project invoiced (the list filters offer it).
    var projectID: Int64?
    var amountPaid: Decimal
    /// When TimeTracker recorded the invoice as paid (its own field, beside the payment rows).
    var paymentDate: CalendarDate?
    /// The buyer's reference for the invoice (a purchase order number), EN 16931 BT-10.
    var buyerReference: String?

    package var items: [InvoiceItemRecord] = []
    package var goods: [ExtraGoodRecord] = []
    package var expenses: [ExpenseRecord] = []
    package var payments: [PaymentRecord] = []
    var creditNotes: [CreditNoteRecord] = []
    /// The UBL XML TimeTracker sent for this invoice through PEPPOL (`invoice_peppol_transmissions`), served
    /// instead of a document of portalgen's own.
    var sentUBL: String?

    static let columns = [
        "id", "invoice_number", "client_name", "client_email", "client_address", "issue_date", "due_date", "status",
        "payment_status", "subtotal", "tax_rate", "tax_amount", "total_amount", "currency_code", "notes", "terms", "amount_paid",
        "payment_date", "buyer_reference", "project_id",
    ]

    init(_ r: inout RowReader, fallbackCurrency: String) throws {
        id = try r.int("id")
        number = try r.text("invoice_number")
        clientName = r.optionalText("client_name") ?? ""
        clientEmail = r.nonEmptyText("client_email")
        clientAddress = r.nonEmptyText("client_address")
        issueDate = try r.date("issue_date")
        dueDate = try r.date("due_date")
        status = try r.text("status")
        paymentStatus = r.nonEmptyText("payment_status") ?? "unpaid"
        projectID = try r.optionalInt("project_id")
        subtotal = try r.money("subtotal")
        taxRate = try r.optionalMoney("tax_rate") ?? 0
        taxAmount = try r.optionalMoney("tax_amount") ?? 0
        total = try r.money("total_amount")
        currency = r.nonEmptyText("currency_code")?.uppercased() ?? fallbackCurrency
        notes = r.nonEmptyText("notes")
        terms = r.nonEmptyText("terms")
        amountPaid = try r.optionalMoney("amount_paid") ?? 0
        paymentDate = (try? r.optionalDate("payment_date")) ?? nil
        buyerReference = r.nonEmptyText("buyer_reference")
    }

    // The invoice status rules, in one place: pages ask these, never compare TimeTracker's strings.

    /// Which invoices the client sees, in SQL over `alias`: every one but drafts, which are private (PORTAL_SPEC
    /// "Decisions"); ``OwnedTable`` scopes invoices and their lines with it.
    static func isVisible(_ alias: String) -> String { "\(alias).status <> 'draft'" }

    /// Cancelled invoices are listed with their badge but count in no total.
    package var isCancelled: Bool { status == "cancelled" }

    /// `total − amount_paid − Σ credit notes`; negative when overpaid.
    var outstanding: Decimal { total - amountPaid - creditNotes.reduce(0) { $0 + $1.amount } }

    /// TimeTracker's `payment_status` is `fully_paid`: nothing is due, whatever the figures say.
    var isFullyPaid: Bool { paymentStatus == "fully_paid" }

    /// `payment_status` `unpaid` or `partially_paid`: what the "Unpaid" list and the dashboard's count hold.
    var isUnpaid: Bool { paymentStatus == "unpaid" || paymentStatus == "partially_paid" }

    /// `payment_status` `partially_paid`.
    var isPartlyPaid: Bool { paymentStatus == "partially_paid" }

    /// `status ∈ {sent, overdue}`, not fully paid or overpaid, and `today` is after the due date.
    func isOverdue(today: CalendarDate) -> Bool {
        (status == "sent" || status == "overdue") && !isFullyPaid && paymentStatus != "overpaid" && today > dueDate
    }
}

import Foundation

/// A payment row of an invoice; only `completed` payments are shown as received.
public struct PaymentRecord: Sendable, Hashable {
    public var id: Int64
    public var invoiceID: Int64
    public var amount: Decimal
    public var currency: String?
    public var date: CalendarDate
    public var method: String?
    public var status: String

    static let columns = ["id", "invoice_id", "amount", "currency", "payment_date", "method", "status"]

    init(_ r: inout RowReader) throws {
        id = try r.int("id")
        invoiceID = try r.int("invoice_id")
        amount = try r.money("amount")
        currency = r.nonEmptyText("currency")
        date = try r.date("payment_date")
        method = r.nonEmptyText("method")
        status = r.nonEmptyText("status") ?? "completed"
    }
}

import Foundation

/// A payment row of an invoice; only `completed` payments are shown as received.
package struct PaymentRecord: Sendable, Hashable {
    package var id: Int64
    package var invoiceID: Int64
    package var amount: Decimal
    package var currency: String?
    package var date: CalendarDate
    package var method: String?
    package var status: String

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

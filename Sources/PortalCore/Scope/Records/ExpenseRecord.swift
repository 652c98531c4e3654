import Foundation

/// An expense billed on an invoice; TimeTracker adds `amount + tax_amount` to the subtotal.
public struct ExpenseRecord: Sendable, Hashable {
    public var id: Int64
    public var invoiceID: Int64
    public var title: String
    public var category: String?
    public var date: CalendarDate?
    public var total: Decimal

    static let columns = ["id", "invoice_id", "title", "category", "expense_date", "amount", "tax_amount"]

    init(_ r: inout RowReader) throws {
        id = try r.int("id")
        invoiceID = try r.int("invoice_id")
        title = r.optionalText("title") ?? ""
        category = r.nonEmptyText("category")
        date = try r.optionalDate("expense_date")
        total = try r.money("amount") + (try r.optionalMoney("tax_amount") ?? 0)
    }
}

import Foundation

/// An expense billed on an invoice; TimeTracker adds `amount + tax_amount` to the subtotal.
package struct ExpenseRecord: Sendable, Hashable {
    package var id: Int64
    package var invoiceID: Int64
    package var title: String
    package var category: String?
    package var date: CalendarDate?
    package var total: Decimal

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

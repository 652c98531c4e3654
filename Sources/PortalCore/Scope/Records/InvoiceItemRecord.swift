import Foundation

/// A line of an invoice.
package struct InvoiceItemRecord: Sendable, Hashable {
    package var id: Int64
    package var invoiceID: Int64
    package var description: String
    package var quantity: Decimal
    var unitPrice: Decimal
    package var total: Decimal

    static let columns = ["id", "invoice_id", "description", "quantity", "unit_price", "total_amount"]

    init(_ r: inout RowReader) throws {
        id = try r.int("id")
        invoiceID = try r.int("invoice_id")
        description = r.optionalText("description") ?? ""
        quantity = try r.money("quantity")
        unitPrice = try r.money("unit_price")
        total = try r.money("total_amount")
    }
}

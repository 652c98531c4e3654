import Foundation

/// Goods billed on an invoice (part of its subtotal).
package struct ExtraGoodRecord: Sendable, Hashable {
    package var id: Int64
    package var invoiceID: Int64
    package var name: String
    package var description: String?
    package var category: String?
    package var quantity: Decimal
    var unitPrice: Decimal
    package var total: Decimal
    package var sku: String?

    static let columns = ["id", "invoice_id", "name", "description", "category", "quantity", "unit_price", "total_amount", "sku"]

    init(_ r: inout RowReader) throws {
        id = try r.int("id")
        invoiceID = try r.int("invoice_id")
        name = r.optionalText("name") ?? ""
        description = r.nonEmptyText("description")
        category = r.nonEmptyText("category")
        quantity = try r.optionalMoney("quantity") ?? 0
        unitPrice = try r.optionalMoney("unit_price") ?? 0
        total = try r.money("total_amount")
        sku = r.nonEmptyText("sku")
    }
}

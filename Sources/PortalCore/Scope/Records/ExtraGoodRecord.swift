import Foundation

/// Goods billed on an invoice (part of its subtotal).
public struct ExtraGoodRecord: Sendable, Hashable {
    public var id: Int64
    public var invoiceID: Int64
    public var name: String
    public var description: String?
    public var category: String?
    public var quantity: Decimal
    public var unitPrice: Decimal
    public var total: Decimal
    public var sku: String?

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

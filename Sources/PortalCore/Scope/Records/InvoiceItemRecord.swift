import Foundation

/// A line of an invoice.
public struct InvoiceItemRecord: Sendable, Hashable {
    public var id: Int64
    public var invoiceID: Int64
    public var description: String
    public var quantity: Decimal
    public var unitPrice: Decimal
    public var total: Decimal

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

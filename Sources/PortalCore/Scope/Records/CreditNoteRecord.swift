import Foundation

/// A credit note; its amount reduces the invoice's amount due.
public struct CreditNoteRecord: Sendable, Hashable {
    public var id: Int64
    public var invoiceID: Int64
    public var number: String
    public var amount: Decimal
    public var reason: String?
    /// UTC wall clock.
    public var createdAt: LocalDateTime?

    static let columns = ["id", "invoice_id", "credit_number", "amount", "reason", "created_at"]

    init(_ r: inout RowReader) throws {
        id = try r.int("id")
        invoiceID = try r.int("invoice_id")
        number = r.optionalText("credit_number") ?? ""
        amount = try r.money("amount")
        reason = r.nonEmptyText("reason")
        createdAt = try? r.optionalDateTime("created_at")
    }
}

import Foundation

/// A credit note; its amount reduces the invoice's amount due.
package struct CreditNoteRecord: Sendable, Hashable {
    package var id: Int64
    package var invoiceID: Int64
    package var number: String
    package var amount: Decimal
    package var reason: String?
    /// UTC wall clock.
    var createdAt: LocalDateTime?

    static let columns = ["id", "invoice_id", "credit_number", "amount", "reason", "created_at"]

    init(_ r: inout RowReader) throws {
        id = try r.int("id")
        invoiceID = try r.int("invoice_id")
        number = r.optionalText("credit_number") ?? ""
        amount = try r.money("amount")
        reason = r.nonEmptyText("reason")
        createdAt = try? r.optionalDateTime("created_at")
    }

    /// The day the note was issued, in TimeTracker's time zone: its creation day, never before its invoice's.
    func issueDate(of invoice: InvoiceRecord, in timeZone: TimeZone) -> CalendarDate {
        max(createdAt.map { $0.converted(fromUTCTo: timeZone).date } ?? invoice.issueDate, invoice.issueDate)
    }
}

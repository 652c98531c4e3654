/// A notification TimeTracker addressed to the client (`client_notifications`).
package struct NotificationRecord: Sendable, Hashable {
    package var id: Int64
    /// `invoice_created`, `invoice_paid`, `invoice_overdue`, `quote_available`, `time_entry_approval`, …
    package var type: String
    package var title: String
    package var message: String?
    /// TimeTracker's portal path (`/client-portal/invoices/5`), rewritten to the static page it names.
    var linkURL: String?
    var linkText: String?
    var isRead: Bool
    /// App-local, printed as stored.
    var createdAt: LocalDateTime

    static let columns = ["id", "type", "title", "message", "link_url", "link_text", "is_read", "created_at"]

    init(_ r: inout RowReader) throws {
        id = try r.int("id")
        type = r.nonEmptyText("type") ?? "general"
        title = r.optionalText("title") ?? ""
        message = r.nonEmptyText("message")
        linkURL = r.nonEmptyText("link_url")
        linkText = r.nonEmptyText("link_text")
        isRead = r.bool("is_read")
        createdAt = try r.dateTime("created_at")
    }
}

/// A client-visible project comment (internal comments never leave the scope).
package struct CommentRecord: Sendable, Hashable {
    package var id: Int64
    package var projectID: Int64
    package var content: String
    var userID: Int64?
    package var contactID: Int64?
    /// App-local wall clock.
    var createdAt: LocalDateTime

    static let columns = ["id", "project_id", "content", "user_id", "client_contact_id", "created_at"]

    init(_ r: inout RowReader) throws {
        id = try r.int("id")
        projectID = try r.int("project_id")
        content = r.optionalText("content") ?? ""
        userID = try r.optionalInt("user_id")
        contactID = try r.optionalInt("client_contact_id")
        createdAt = try r.dateTime("created_at")
    }
}

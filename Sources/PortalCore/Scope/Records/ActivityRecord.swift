/// An allow-listed activity about one of the client's projects or time entries.
package struct ActivityRecord: Sendable, Hashable {
    package var id: Int64
    var userID: Int64?
    package var action: String
    var entityType: String
    var entityID: Int64
    package var description: String?
    /// The project the activity is about (for a time entry: the entry's project).
    package var projectID: Int64?
    /// UTC wall clock, as TimeTracker stores it.
    var createdAtUTC: LocalDateTime

    static let columns = ["id", "user_id", "action", "entity_type", "entity_id", "description", "created_at"]

    init(_ r: inout RowReader) throws {
        id = try r.int("id")
        userID = try r.optionalInt("user_id")
        action = try r.text("action")
        entityType = try r.text("entity_type")
        entityID = try r.int("entity_id")
        description = r.nonEmptyText("description")
        createdAtUTC = try r.dateTime("created_at")
        projectID = try r.optionalInt("project_id")
    }
}

/// An allow-listed activity about one of the client's projects or time entries.
public struct ActivityRecord: Sendable, Hashable {
    public var id: Int64
    public var userID: Int64?
    public var action: String
    public var entityType: String
    public var entityID: Int64
    public var description: String?
    /// The project the activity is about (for a time entry: the entry's project).
    public var projectID: Int64?
    /// UTC wall clock, as TimeTracker stores it.
    public var createdAtUTC: LocalDateTime

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

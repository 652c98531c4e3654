/// An issue of the client (`issues`), reported by the client or created by staff.
package struct IssueRecord: Sendable, Hashable {
    package var id: Int64
    package var projectID: Int64?
    var taskID: Int64?
    package var title: String
    package var description: String?
    /// `open`, `in_progress`, `resolved`, `closed` or `cancelled`.
    package var status: String
    /// `low`, `medium`, `high` or `urgent`.
    package var priority: String
    var assignedTo: Int64?
    /// App-local, printed as stored.
    var createdAt: LocalDateTime
    var updatedAt: LocalDateTime?
    var resolvedAt: LocalDateTime?

    static let columns = [
        "id", "project_id", "task_id", "title", "description", "status", "priority", "assigned_to", "created_at", "updated_at", "resolved_at",
    ]

    init(_ r: inout RowReader) throws {
        id = try r.int("id")
        projectID = try r.optionalInt("project_id")
        taskID = try r.optionalInt("task_id")
        title = r.optionalText("title") ?? ""
        description = r.nonEmptyText("description")
        status = r.nonEmptyText("status") ?? "open"
        priority = r.nonEmptyText("priority") ?? "medium"
        assignedTo = try r.optionalInt("assigned_to")
        createdAt = try r.dateTime("created_at")
        updatedAt = try r.optionalDateTime("updated_at")
        resolvedAt = try r.optionalDateTime("resolved_at")
    }

    /// Urgent first, then high, medium, low (TimeTracker sorts the words as text: urgent, medium, low, high).
    var priorityRank: Int { ["urgent": 0, "high": 1, "medium": 2, "low": 3][priority] ?? 4 }
}

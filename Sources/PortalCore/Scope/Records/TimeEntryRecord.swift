/// A completed time entry of the client: on an active project, or booked straight to the client.
package struct TimeEntryRecord: Sendable, Hashable {
    package var id: Int64
    var userID: Int64?
    /// nil for an entry booked straight to the client, shown as "(Direct)".
    package var projectID: Int64?
    var taskID: Int64?
    /// App-local wall clock.
    package var start: LocalDateTime
    package var end: LocalDateTime
    package var hours: Hours
    /// The stored `duration_seconds` (0 when NULL): what TimeTracker prices unbilled time by, unrounded.
    var seconds: Int
    package var notes: String?
    package var tags: String?
    package var billable: Bool

    /// Durations beyond ten years either way are broken rows: summed, they would overflow.
    static let durationRange: ClosedRange<Int64> = -315_360_000...315_360_000

    static let columns = ["id", "user_id", "project_id", "task_id", "start_time", "end_time", "duration_seconds", "notes", "tags", "billable"]

    init(_ r: inout RowReader) throws {
        id = try r.int("id")
        userID = try r.optionalInt("user_id")
        projectID = try r.optionalInt("project_id")
        taskID = try r.optionalInt("task_id")
        start = try r.dateTime("start_time")
        end = try r.dateTime("end_time")
        seconds = Int(try r.optionalInt("duration_seconds", within: Self.durationRange) ?? 0)
        hours = Hours(seconds: seconds)
        notes = r.nonEmptyText("notes")
        tags = r.nonEmptyText("tags")
        billable = r.bool("billable")
    }
}

import Foundation

/// A request to the client to approve a time entry (`client_time_approvals`), with the entry it is about.
package struct ApprovalRecord: Sendable, Hashable {
    package var id: Int64
    var timeEntryID: Int64
    package var projectID: Int64?
    /// `pending`, `approved`, `rejected` or `cancelled`.
    package var status: String
    var requestedBy: Int64?
    /// UTC wall clock, as TimeTracker stores every `client_time_approvals` time.
    var requestedAtUTC: LocalDateTime
    var approvedAtUTC: LocalDateTime?
    var rejectedAtUTC: LocalDateTime?
    var requestComment: String?
    var approvalComment: String?
    var rejectionReason: String?
    /// The entry, when it still exists.
    package var entry: Entry?

    /// What the approval pages show of the time entry (a running one has no end yet).
    package struct Entry: Sendable, Hashable {
        package var id: Int64
        var taskID: Int64?
        /// App-local wall clock.
        package var start: LocalDateTime
        package var end: LocalDateTime?
        package var hours: Hours
        package var notes: String?
        package var tags: String?
        package var billable: Bool

        static let columns = ["id", "task_id", "start_time", "end_time", "duration_seconds", "notes", "tags", "billable"]

        init(_ r: inout RowReader) throws {
            id = try r.int("id")
            taskID = try r.optionalInt("task_id")
            start = try r.dateTime("start_time")
            end = try r.optionalDateTime("end_time")
            hours = Hours(seconds: try r.optionalInt("duration_seconds", within: TimeEntryRecord.durationRange).map { Int($0) })
            notes = r.nonEmptyText("notes")
            tags = r.nonEmptyText("tags")
            billable = r.bool("billable")
        }
    }

    static let columns = [
        "id", "time_entry_id", "project_id", "status", "requested_by", "requested_at", "approved_at", "rejected_at", "request_comment",
        "approval_comment", "rejection_reason",
    ]

    init(_ r: inout RowReader) throws {
        id = try r.int("id")
        timeEntryID = try r.int("time_entry_id")
        projectID = try r.optionalInt("project_id")
        status = r.nonEmptyText("status") ?? "pending"
        requestedBy = try r.optionalInt("requested_by")
        requestedAtUTC = try r.dateTime("requested_at")
        approvedAtUTC = try r.optionalDateTime("approved_at")
        rejectedAtUTC = try r.optionalDateTime("rejected_at")
        requestComment = r.nonEmptyText("request_comment")
        approvalComment = r.nonEmptyText("approval_comment")
        rejectionReason = r.nonEmptyText("rejection_reason")
    }
}

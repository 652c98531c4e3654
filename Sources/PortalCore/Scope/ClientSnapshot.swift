/// Everything one client's portal shows, read in one transaction through ``ClientScope``.
///
/// Page models receive a snapshot and cannot run queries, so nothing outside the scope reaches a page.
package struct ClientSnapshot: Sendable {
    package var client: ClientRecord
    package var settings: GlobalSettings
    /// All of the client's projects, any status, by name.
    package var projects: [ProjectRecord]
    /// Tasks of active projects.
    package var tasks: [TaskRecord]
    /// Completed entries of active projects and entries booked straight to the client, newest first.
    package var entries: [TimeEntryRecord]
    /// Non-draft invoices with their lines, payments and credit notes, newest issue date first.
    package var invoices: [InvoiceRecord]
    /// Quotes shown to the client (`visible_to_client`, never drafts) with their lines, newest first.
    package var quotes: [QuoteRecord] = []
    /// Every approval request of the client, newest request first.
    package var approvals: [ApprovalRecord] = []
    /// Usernames of the staff who requested approvals or are assigned issues.
    var usernames: [Int64: String] = [:]
    /// The client's notifications, newest first.
    package var notifications: [NotificationRecord] = []
    /// The client's issues when its portal has issues enabled, most urgent first, then newest.
    package var issues: [IssueRecord] = []
    /// Names of the client's tasks that issues link to.
    var issueTasks: [Int64: String] = [:]
    /// Client and project documents visible to the client, newest upload first.
    package var documents: [DocumentRecord] = []
    /// Client-visible comments on the client's projects, newest first.
    package var comments: [CommentRecord]
    /// Allow-listed activities about the client's projects and their entries, newest first.
    package var activities: [ActivityRecord]
    /// Display names of the staff users these rows mention.
    package var users: [Int64: String]
    /// Display names of the client's contacts.
    package var contacts: [Int64: String]
    var customization: CustomizationRecord?
    /// The client-wide dashboard layout (`user_id IS NULL`), when one exists.
    var dashboardWidgets: DashboardLayout?
    /// Work not yet invoiced, read for clients whose pages show it or upcoming invoices; nil otherwise, or when
    /// the database cannot say.
    package var unbilled: UnbilledWork? = nil
    /// Active recurring invoices TimeTracker will still issue, the next first (read with ``unbilled``).
    package var recurringInvoices: [RecurringInvoiceRecord] = []
    /// Rows that could not be read, each reported and skipped.
    package var problems: [RowProblem]

    var activeProjects: [ProjectRecord] { projects.filter(\.isActive) }
}

/// The stored dashboard layout: which widgets, in which order.
package struct DashboardLayout: Sendable, Hashable {
    var widgetIDs: [String]
    var widgetOrder: [String]?
}

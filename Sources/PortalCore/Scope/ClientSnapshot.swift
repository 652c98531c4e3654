/// Everything one client's portal shows, read in one transaction through ``ClientScope``.
///
/// Page models receive a snapshot and cannot run queries, so nothing outside the scope reaches a page.
public struct ClientSnapshot: Sendable {
    public var client: ClientRecord
    public var settings: GlobalSettings
    /// All of the client's projects, any status, by name.
    public var projects: [ProjectRecord]
    /// Tasks of active projects.
    public var tasks: [TaskRecord]
    /// Completed entries of active projects and entries booked straight to the client, newest first.
    public var entries: [TimeEntryRecord]
    /// Non-draft invoices with their lines, payments and credit notes, newest issue date first.
    public var invoices: [InvoiceRecord]
    /// Quotes shown to the client (`visible_to_client`, never drafts) with their lines, newest first.
    public var quotes: [QuoteRecord] = []
    /// Every approval request of the client, newest request first.
    public var approvals: [ApprovalRecord] = []
    /// Usernames of the staff who requested approvals or are assigned issues.
    public var usernames: [Int64: String] = [:]
    /// The client's notifications, newest first.
    public var notifications: [NotificationRecord] = []
    /// The client's issues when its portal has issues enabled, most urgent first, then newest.
    public var issues: [IssueRecord] = []
    /// Names of the client's tasks that issues link to.
    public var issueTasks: [Int64: String] = [:]
    /// Client and project documents visible to the client, newest upload first.
    public var documents: [DocumentRecord] = []
    /// Client-visible comments on the client's projects, newest first.
    public var comments: [CommentRecord]
    /// Allow-listed activities about the client's projects and their entries, newest first.
    public var activities: [ActivityRecord]
    /// Display names of the staff users these rows mention.
    public var users: [Int64: String]
    /// Display names of the client's contacts.
    public var contacts: [Int64: String]
    public var customization: CustomizationRecord?
    /// The client-wide dashboard layout (`user_id IS NULL`), when one exists.
    public var dashboardWidgets: DashboardLayout?
    /// Rows that could not be read, each reported and skipped.
    public var problems: [RowProblem]

    public var activeProjects: [ProjectRecord] { projects.filter(\.isActive) }
}

/// The stored dashboard layout: which widgets, in which order.
public struct DashboardLayout: Sendable, Hashable {
    public var widgetIDs: [String]
    public var widgetOrder: [String]?
}

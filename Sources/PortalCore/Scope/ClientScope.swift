import Foundation

/// Reads a client's rows (PORTAL_SPEC.md section 2, as amended by "Decisions for portalgen"), one set-based
/// query per table. Who owns a row and which rows a client sees is declared once, in ``OwnedTable``; the
/// readers (``ScopedReader`` and its extensions, one method per aggregate) read through those scopes and add
/// only what a page wants (order, active projects). Time entries (``TimeEntryAggregate``) and the activity feed
/// reach a client two ways each.
///
/// Rules in one sentence each:
/// - projects: `projects.client_id = c`, any status (inactive ones only feed the activity timeline);
/// - time entries: completed entries of the client's active projects, plus entries booked straight to the
///   client (`project_id IS NULL AND client_id = c`); running timers never;
/// - invoices: `invoices.client_id = c`, never drafts; their items, goods, expenses, payments, credit notes;
/// - quotes: `quotes.client_id = c`, `visible_to_client` and never drafts, with their lines;
/// - approvals: `client_time_approvals.client_id = c`, every status, with the entries they are about when
///   those are still the client's (an entry moved to another client's project is not shown);
/// - notifications: `client_notifications.client_id = c`, read and unread;
/// - documents: client and project attachments marked visible to the client, newest upload first;
/// - issues: `issues.client_id = c` when the client has issues enabled, staff-created ones included;
/// - comments: on the client's projects, `is_internal = 0` only;
/// - activities: allow-listed actions about the client's projects and their entries;
/// - branding and dashboard layout: the client's own rows (`user_id IS NULL` for the layout).
package struct ClientScope: Sendable {
    package let clientID: Int64
    /// The client's activity feed when read for every client at once (``allActivities(_:)``), else nil.
    let activities: [ActivityRecord]?
    /// Whether to read the work not yet invoiced and the recurring invoices (``ShownDetails/readsBilling``).
    let billing: Bool

    package init(clientID: Int64, billing: Bool = false) {
        self.clientID = clientID
        activities = nil
        self.billing = billing
    }

    init(clientID: Int64, activities: [ActivityRecord]?, billing: Bool = false) {
        self.clientID = clientID
        self.activities = activities
        self.billing = billing
    }

    /// Activity actions a client may see; everything else (favorites, archive reasons, deletions) stays internal.
    static let visibleActions = ["created", "updated", "started", "stopped", "commented"]

    /// Reads the client's snapshot in one read transaction. Returns nil when the client no longer exists.
    package func snapshot(from database: PortalDatabase) throws -> ClientSnapshot? {
        try database.read { try read($0) }
    }

    /// The projects whose entries the pages list (inactive ones only feed the activity timeline).
    static let activeProjectIDs = "SELECT id FROM projects WHERE client_id = :c AND status = 'active'"

    /// The client's snapshot in `db`'s transaction, one read per aggregate (``ScopedReader``); nil when the
    /// client no longer exists.
    func read(_ db: any SourceSnapshot) throws -> ClientSnapshot? {
        let reader = ScopedReader(db, clientID: clientID)
        let settings = try readSettings(db)
        guard let client = try reader.client() else { return nil }
        let entries = try reader.entries()
        let approvals = try reader.approvals()
        let (issues, issueTasks) = try reader.issues(enabled: client.portalIssuesEnabled)
        let comments = try reader.comments()
        let activities = try self.activities ?? reader.activities()
        let projects = try reader.projects()
        let unbilled = billing ? try reader.unbilledWork(client: client, projects: projects, entries: entries) : nil
        let people = Set(
            entries.compactMap(\.userID) + comments.compactMap(\.userID) + activities.compactMap(\.userID)
                + (unbilled.map { ($0.entries + $0.onDrafts).compactMap(\.userID) } ?? []))
        return ClientSnapshot(
            client: client, settings: settings, projects: projects, tasks: try reader.tasks(), entries: entries,
            invoices: try reader.invoices(currency: settings.currency), quotes: try reader.quotes(currency: settings.currency), approvals: approvals,
            usernames: try reader.usernames(Set(approvals.compactMap(\.requestedBy) + issues.compactMap(\.assignedTo))),
            notifications: try reader.notifications(), issues: issues, issueTasks: issueTasks, documents: try reader.documents(), comments: comments,
            activities: activities, users: try reader.displayNames(people),
            contacts: comments.contains { $0.contactID != nil } ? try reader.contacts() : [:], customization: try reader.customization(),
            dashboardWidgets: try reader.dashboardLayout(), unbilled: unbilled, recurringInvoices: billing ? try reader.recurringInvoices() : [],
            problems: reader.problems
        )
    }

    /// The allow-list of activity actions as SQL over `x`.
    static var activityFilter: String {
        let allowed = visibleActions.map { "'\($0)'" }.joined(separator: ",")
        return "(x.action IN (\(allowed)) OR x.action LIKE 'status\\_changed\\_%' ESCAPE '\\')"
    }

    /// Every client's activity feed in one read, in the order ``read(_:)`` gives each (newest first): on
    /// PostgreSQL, where TimeTracker's `activities` has no index but its primary key, reading it per client
    /// scans the table once per client (40 ms each at the bench's 100 %); a full build reads it once.
    static func allActivities(_ database: PortalDatabase) throws -> [Int64: [ActivityRecord]] {
        try database.read { db in
            let columns = db.schema.select("activities", ActivityRecord.columns, alias: "x")
            let parts = OwnedTable.activityFeeds(db.schema, db.dialect).map { feed in
                "SELECT \(columns), p.id AS project_id, \(feed.client) AS client_id FROM \(feed.from) WHERE \(activityFilter)"
            }
            guard !parts.isEmpty else { return [:] }
            var feeds: [Int64: [ActivityRecord]] = [:]
            try db.forEach(
                parts.joined(separator: " UNION ALL "), [:]
            ) { row in
                var reader = RowReader(row, table: "activities")
                guard let record = try? ActivityRecord(&reader), let client = try? reader.optionalInt("client_id") else { return }
                feeds[client, default: []].append(record)
            }
            return feeds.mapValues { $0.sorted { ($0.createdAtUTC, $0.id) > ($1.createdAtUTC, $1.id) } }
        }
    }

    func readSettings(_ db: any SourceSnapshot) throws -> GlobalSettings {
        let schema = db.schema
        let row = try db.rows(
            "SELECT \(schema.select("settings", GlobalSettings.columns)) FROM settings ORDER BY id LIMIT 1", columns: GlobalSettings.columns.count
        ).first
        var reader = row.map { RowReader($0, table: "settings") }
        var gateway = false
        if schema.has("payment_gateways") {
            gateway = try db.int("SELECT count(*) FROM payment_gateways WHERE is_active IS TRUE") ?? 0 > 0
        }
        return GlobalSettings(&reader, hasPaymentGateway: gateway)
    }
}

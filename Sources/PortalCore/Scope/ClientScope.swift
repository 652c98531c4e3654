import Foundation

/// Reads a client's rows (PORTAL_SPEC.md section 2, as amended by "Decisions for portalgen"), one set-based
/// query per table. Who owns a row and which rows a client sees is declared once, in ``OwnedTable``; the
/// queries here read through those scopes and add only what a page wants (order, active projects). Time
/// entries (``TimeEntryAggregate``) and the activity feed reach a client two ways each and are read here.
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

    package init(clientID: Int64) {
        self.clientID = clientID
        activities = nil
    }

    init(clientID: Int64, activities: [ActivityRecord]?) {
        self.clientID = clientID
        self.activities = activities
    }

    /// Activity actions a client may see; everything else (favorites, archive reasons, deletions) stays internal.
    package static let visibleActions = ["created", "updated", "started", "stopped", "commented"]

    /// Reads the client's snapshot in one read transaction. Returns nil when the client no longer exists.
    package func snapshot(from database: PortalDatabase) throws -> ClientSnapshot? {
        try database.read { try read($0) }
    }

    /// The client's projects, which own its time entries and activities.
    static let projectIDs = "SELECT id FROM projects WHERE client_id = :c"
    /// The projects whose entries the pages list (inactive ones only feed the activity timeline).
    static let activeProjectIDs = "SELECT id FROM projects WHERE client_id = :c AND status = 'active'"

    func read(_ db: any SourceSnapshot) throws -> ClientSnapshot? {
        var problems: [RowProblem] = []
        let schema = db.schema
        let dialect = db.dialect

        func fetch<T>(_ table: String, _ sql: String, _ decode: (inout RowReader) throws -> T) throws -> [T] {
            var result: [T] = []
            try db.forEach(sql, ["c": .int(clientID)]) { row in
                var reader = RowReader(row, table: table)
                do {
                    result.append(try decode(&reader))
                } catch let problem as RowProblem {
                    // A row read twice (an approval's time entry is also a listed entry) is reported once.
                    if !problems.contains(problem) { problems.append(problem) }
                }
            }
            return result
        }
        func columns(_ table: String, _ names: [String], alias: String? = "x") -> String { schema.select(table, names, alias: alias) }
        let scopes = OwnedTable.scopes(schema, dialect)

        let settings = try readSettings(db)
        guard
            let client = try fetch("clients", "SELECT \(columns("clients", ClientRecord.columns)) \(scopes["clients"]!)", { try ClientRecord(&$0) })
                .first
        else { return nil }

        let projects = try fetch(
            "projects", "SELECT \(columns("projects", ProjectRecord.columns)) \(scopes["projects"]!) ORDER BY \(dialect.binaryOrder("x.name")), x.id"
        ) { try ProjectRecord(&$0) }

        let tasks: [TaskRecord] =
            schema.has("tasks")
            ? try fetch(
                "tasks", "SELECT \(columns("tasks", TaskRecord.columns)) \(scopes["tasks"]!) AND p.status = 'active' ORDER BY x.id"
            ) { try TaskRecord(&$0) } : []

        let entryColumns = columns("time_entries", TimeEntryRecord.columns, alias: nil)
        var entrySQL = "SELECT \(entryColumns) FROM time_entries WHERE project_id IN (\(Self.activeProjectIDs)) AND end_time IS NOT NULL"
        if schema.has("time_entries", "client_id") {
            entrySQL += " UNION ALL SELECT \(entryColumns) FROM time_entries WHERE client_id = :c AND project_id IS NULL AND end_time IS NOT NULL"
        }
        let entries = try fetch("time_entries", entrySQL + " ORDER BY start_time DESC, id DESC") { try TimeEntryRecord(&$0) }

        var invoices = try fetch(
            "invoices",
            "SELECT \(columns("invoices", InvoiceRecord.columns)) \(scopes["invoices"]!) ORDER BY x.issue_date DESC, x.id DESC"
        ) { try InvoiceRecord(&$0, fallbackCurrency: settings.currency) }
        var invoiceIndex: [Int64: Int] = [:]
        for (index, invoice) in invoices.enumerated() { invoiceIndex[invoice.id] = index }
        func children<T>(
            _ table: String, _ names: [String], order: String, _ decode: (inout RowReader) throws -> T, attach: (inout InvoiceRecord, T) -> Void,
            invoiceID: (T) -> Int64
        ) throws {
            guard let scope = scopes[table] else { return }
            let rows = try fetch(table, "SELECT \(columns(table, names)) \(scope) ORDER BY \(order)", decode)
            for row in rows { if let index = invoiceIndex[invoiceID(row)] { attach(&invoices[index], row) } }
        }
        try children(
            "invoice_items", InvoiceItemRecord.columns, order: "x.id", { try InvoiceItemRecord(&$0) }, attach: { $0.items.append($1) }, invoiceID: \.invoiceID)
        try children(
            "extra_goods", ExtraGoodRecord.columns, order: "x.id", { try ExtraGoodRecord(&$0) }, attach: { $0.goods.append($1) }, invoiceID: \.invoiceID)
        try children(
            "expenses", ExpenseRecord.columns, order: "x.expense_date, x.id", { try ExpenseRecord(&$0) }, attach: { $0.expenses.append($1) },
            invoiceID: \.invoiceID)
        try children(
            "payments", PaymentRecord.columns, order: "x.payment_date, x.id", { try PaymentRecord(&$0) }, attach: { $0.payments.append($1) },
            invoiceID: \.invoiceID)
        try children(
            "credit_notes", CreditNoteRecord.columns, order: "x.id", { try CreditNoteRecord(&$0) }, attach: { $0.creditNotes.append($1) },
            invoiceID: \.invoiceID)

        if schema.has("invoice_peppol_transmissions", "ubl_xml"), let scope = scopes["invoice_peppol_transmissions"] {
            // The last document sent per invoice (a resend replaces it), when it is a UBL invoice and nothing else
            // (``StoredUBL``); otherwise the row is reported and the generated e-invoice is served.
            for row in try fetch(
                "invoice_peppol_transmissions", "SELECT x.id, x.invoice_id, x.ubl_xml \(scope) ORDER BY x.id",
                { reader -> (Int64, String?) in
                    let id = try reader.int("id")
                    let invoice = try reader.int("invoice_id")
                    let xml = reader.nonEmptyText("ubl_xml")
                    if let xml, let problem = StoredUBL.problem(xml) {
                        throw RowProblem(
                            table: "invoice_peppol_transmissions", rowID: id, column: "ubl_xml",
                            message: "is not served: \(problem), so the generated e-invoice is")
                    }
                    return (invoice, xml)
                })
            {
                if let index = invoiceIndex[row.0], let xml = row.1 { invoices[index].sentUBL = xml }
            }
        }

        var quotes: [QuoteRecord] = []
        if let scope = scopes["quotes"] {
            quotes = try fetch("quotes", "SELECT \(columns("quotes", QuoteRecord.columns)) \(scope) ORDER BY x.created_at DESC, x.id DESC") {
                try QuoteRecord(&$0, fallbackCurrency: settings.currency)
            }
            if let itemScope = scopes["quote_items"] {
                var quoteIndex: [Int64: Int] = [:]
                for (index, quote) in quotes.enumerated() { quoteIndex[quote.id] = index }
                let order = schema.has("quote_items", "position") ? "x.position, x.id" : "x.id"
                for item in try fetch(
                    "quote_items", "SELECT \(columns("quote_items", QuoteItemRecord.columns)) \(itemScope) ORDER BY \(order)", { try QuoteItemRecord(&$0) })
                {
                    if let index = quoteIndex[item.quoteID] { quotes[index].items.append(item) }
                }
            }
        }

        var approvals: [ApprovalRecord] = []
        if let scope = scopes["client_time_approvals"] {
            approvals = try fetch(
                "client_time_approvals",
                "SELECT \(columns("client_time_approvals", ApprovalRecord.columns)) \(scope) ORDER BY x.requested_at DESC, x.id DESC"
            ) { try ApprovalRecord(&$0) }
            if !approvals.isEmpty {
                let entryColumns = columns("time_entries", ApprovalRecord.Entry.columns, alias: "t")
                var byID: [Int64: ApprovalRecord.Entry] = [:]
                // The entry must still be the client's own: TimeTracker leaves the approval row as it is when the
                // entry moves to another client's project.
                for entry in try fetch(
                    "time_entries",
                    """
                    SELECT \(entryColumns) FROM time_entries t LEFT JOIN projects p ON p.id = t.project_id
                     WHERE t.id IN (SELECT x.time_entry_id \(scope)) AND \(TimeEntryAggregate.client(schema, entry: "t")) = :c
                    """,
                    { try ApprovalRecord.Entry(&$0) })
                {
                    byID[entry.id] = entry
                }
                for index in approvals.indices { approvals[index].entry = byID[approvals[index].timeEntryID] }
            }
        }

        let notifications: [NotificationRecord] =
            try scopes["client_notifications"].map { scope in
                try fetch(
                    "client_notifications",
                    "SELECT \(columns("client_notifications", NotificationRecord.columns)) \(scope) ORDER BY x.created_at DESC, x.id DESC"
                ) {
                    try NotificationRecord(&$0)
                }
            } ?? []

        var issues: [IssueRecord] = []
        var issueTasks: [Int64: String] = [:]
        if client.portalIssuesEnabled, let scope = scopes["issues"] {
            issues = try fetch("issues", "SELECT \(columns("issues", IssueRecord.columns)) \(scope)") { try IssueRecord(&$0) }
                .sorted { ($0.priorityRank, $1.createdAt, $1.id) < ($1.priorityRank, $0.createdAt, $0.id) }
            let taskIDs = Set(issues.compactMap(\.taskID))
            if !taskIDs.isEmpty, schema.has("tasks") {
                // Only tasks of the client's own projects, whatever an issue row names.
                for (id, name) in try fetch(
                    "tasks", "SELECT x.id, x.name \(scopes["tasks"]!) AND x.id IN (\(taskIDs.sqlList))", { (try $0.int("id"), $0.optionalText("name") ?? "") })
                {
                    issueTasks[id] = name
                }
            }
        }

        // Who requested an approval and who is assigned an issue, by username as TimeTracker's portal names them.
        var usernames: [Int64: String] = [:]
        let staffIDs = Set(approvals.compactMap(\.requestedBy) + issues.compactMap(\.assignedTo))
        if !staffIDs.isEmpty {
            for (id, name) in try fetch(
                "users", "SELECT id, username FROM users WHERE id IN (\(staffIDs.sqlList))", { (try $0.int("id"), $0.nonEmptyText("username")) })
            {
                usernames[id] = name ?? "N/A"
            }
        }

        var documents: [DocumentRecord] = []
        for (table, kind) in [("client_attachments", DocumentRecord.Kind.client), ("project_attachments", .project)] {
            guard let scope = scopes[table] else { continue }
            let extra = kind == .project ? ", x.project_id" : ""
            documents += try fetch(table, "SELECT \(columns(table, DocumentRecord.columns))\(extra) \(scope)") { try DocumentRecord(&$0, kind: kind) }
        }
        documents.sort { ($0.uploadedAt, $0.kind.rawValue, $0.id) > ($1.uploadedAt, $1.kind.rawValue, $1.id) }

        let comments: [CommentRecord] =
            schema.has("comments")
            ? try fetch(
                "comments",
                "SELECT \(columns("comments", CommentRecord.columns)) \(scopes["comments"]!) ORDER BY x.created_at DESC, x.id DESC"
            ) { try CommentRecord(&$0) } : []

        var activities: [ActivityRecord] = self.activities ?? []
        if schema.has("activities"), self.activities == nil {
            let filter = Self.activityFilter
            let activityColumns = columns("activities", ActivityRecord.columns, alias: "a")
            activities = try fetch(
                "activities",
                """
                SELECT \(activityColumns), a.entity_id AS project_id FROM activities a
                 WHERE a.entity_type = 'project' AND a.entity_id IN (\(Self.projectIDs)) AND \(filter)
                UNION ALL
                SELECT \(activityColumns), t.project_id FROM time_entries t \(dialect.orderedJoin) activities a ON a.entity_type = 'time_entry' AND a.entity_id = t.id
                 WHERE t.project_id IN (\(Self.projectIDs)) AND \(filter)
                ORDER BY 7 DESC, 1 DESC
                """
            ) { try ActivityRecord(&$0) }
        }

        var userIDs = Set(entries.compactMap(\.userID))
        userIDs.formUnion(comments.compactMap(\.userID))
        userIDs.formUnion(activities.compactMap(\.userID))
        var users: [Int64: String] = [:]
        if !userIDs.isEmpty {
            let list = userIDs.sqlList
            for person in try fetch(
                "users", "SELECT \(columns("users", ["id", "username", "full_name"], alias: nil)) FROM users WHERE id IN (\(list))",
                { try PersonRecord(user: &$0) })
            {
                users[person.id] = person.displayName
            }
        }
        var contacts: [Int64: String] = [:]
        if schema.has("contacts"), comments.contains(where: { $0.contactID != nil }) {
            for person in try fetch(
                "contacts", "SELECT \(columns("contacts", ["id", "first_name", "last_name", "email"])) \(scopes["contacts"]!)",
                { try PersonRecord(contact: &$0) })
            {
                contacts[person.id] = person.displayName
            }
        }

        let customization: CustomizationRecord? =
            schema.has("client_portal_customizations")
            ? try fetch(
                "client_portal_customizations",
                "SELECT \(columns("client_portal_customizations", CustomizationRecord.columns)) \(scopes["client_portal_customizations"]!) ORDER BY x.id LIMIT 1"
            ) { CustomizationRecord(&$0) }.first : nil

        var layout: DashboardLayout?
        if schema.has("client_portal_dashboard_preferences") {
            layout = try fetch(
                "client_portal_dashboard_preferences",
                "SELECT x.widget_ids, x.widget_order \(scopes["client_portal_dashboard_preferences"]!) ORDER BY x.id LIMIT 1"
            ) { reader in
                DashboardLayout(widgetIDs: reader.json("widget_ids") as? [String] ?? [], widgetOrder: reader.json("widget_order") as? [String])
            }.first
        }

        return ClientSnapshot(
            client: client, settings: settings, projects: projects, tasks: tasks, entries: entries, invoices: invoices,
            quotes: quotes, approvals: approvals, usernames: usernames, notifications: notifications, issues: issues, issueTasks: issueTasks,
            documents: documents, comments: comments, activities: activities, users: users, contacts: contacts, customization: customization,
            dashboardWidgets: layout, problems: problems
        )
    }

    /// The allow-list of activity actions as SQL over `a`.
    static var activityFilter: String {
        let allowed = visibleActions.map { "'\($0)'" }.joined(separator: ",")
        return "(a.action IN (\(allowed)) OR a.action LIKE 'status\\_changed\\_%' ESCAPE '\\')"
    }

    /// Every client's activity feed in one read, in the order ``read(_:)`` gives each (newest first): on
    /// PostgreSQL, where TimeTracker's `activities` has no index but its primary key, reading it per client
    /// scans the table once per client (40 ms each at the bench's 100 %); a full build reads it once.
    static func allActivities(_ database: PortalDatabase) throws -> [Int64: [ActivityRecord]] {
        try database.read { db in
            guard db.schema.has("activities") else { return [:] }
            let columns = db.schema.select("activities", ActivityRecord.columns, alias: "a")
            var feeds: [Int64: [ActivityRecord]] = [:]
            try db.forEach(
                """
                SELECT \(columns), a.entity_id AS project_id, p.client_id FROM activities a JOIN projects p ON p.id = a.entity_id
                 WHERE a.entity_type = 'project' AND \(activityFilter)
                UNION ALL
                SELECT \(columns), t.project_id, p.client_id FROM activities a JOIN time_entries t ON t.id = a.entity_id JOIN projects p ON p.id = t.project_id
                 WHERE a.entity_type = 'time_entry' AND \(activityFilter)
                """, [:]
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

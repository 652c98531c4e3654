/// The client, its projects, their tasks and the time booked on them, and its approval requests.
extension ScopedReader {
    func client() throws -> ClientRecord? {
        try records("clients", ClientRecord.columns, order: "x.id") { try ClientRecord(&$0) }.first
    }

    /// Every project, any status, by name (inactive ones only feed the activity timeline).
    func projects() throws -> [ProjectRecord] {
        try records("projects", ProjectRecord.columns, order: "\(dialect.binaryOrder("x.name")), x.id") { try ProjectRecord(&$0) }
    }

    /// The tasks of the client's active projects.
    func tasks() throws -> [TaskRecord] {
        guard let taskScope = scope("tasks") else { return [] }
        return try fetch("tasks", "SELECT \(columns("tasks", TaskRecord.columns)) \(taskScope) AND p.status = 'active' ORDER BY x.id") { try TaskRecord(&$0) }
    }

    /// Completed entries of the client's active projects and entries booked straight to the client, newest first.
    func entries() throws -> [TimeEntryRecord] {
        let entryColumns = columns("time_entries", TimeEntryRecord.columns, alias: nil)
        var sql = "SELECT \(entryColumns) FROM time_entries WHERE project_id IN (\(ClientScope.activeProjectIDs)) AND end_time IS NOT NULL"
        if schema.has("time_entries", "client_id") {
            sql += " UNION ALL SELECT \(entryColumns) FROM time_entries WHERE client_id = :c AND project_id IS NULL AND end_time IS NOT NULL"
        }
        return try fetch("time_entries", sql + " ORDER BY start_time DESC, id DESC") { try TimeEntryRecord(&$0) }
    }

    /// Every approval request, newest first, with the entry it is about while that entry is still the client's
    /// (TimeTracker leaves the approval row as it is when the entry moves to another client's project).
    func approvals() throws -> [ApprovalRecord] {
        guard let approvalScope = scope("client_time_approvals") else { return [] }
        var approvals = try records("client_time_approvals", ApprovalRecord.columns, order: "x.requested_at DESC, x.id DESC") {
            try ApprovalRecord(&$0)
        }
        guard !approvals.isEmpty else { return [] }
        var byID: [Int64: ApprovalRecord.Entry] = [:]
        for entry in try fetch(
            "time_entries",
            """
            SELECT \(columns("time_entries", ApprovalRecord.Entry.columns, alias: "t")) FROM time_entries t LEFT JOIN projects p ON p.id = t.project_id
             WHERE t.id IN (SELECT x.time_entry_id \(approvalScope)) AND \(TimeEntryAggregate.client(schema, entry: "t")) = :c
            """,
            { try ApprovalRecord.Entry(&$0) })
        {
            byID[entry.id] = entry
        }
        for index in approvals.indices { approvals[index].entry = byID[approvals[index].timeEntryID] }
        return approvals
    }
}

/// What the client is told and given: notifications, issues, documents, comments and the activity feed.
extension ScopedReader {
    /// Read and unread, newest first.
    func notifications() throws -> [NotificationRecord] {
        try records("client_notifications", NotificationRecord.columns, order: "x.created_at DESC, x.id DESC") { try NotificationRecord(&$0) }
    }

    /// The client's issues by priority, newest first within one (none unless `enabled`), and the names of the
    /// tasks they name, of the client's own projects only, whatever an issue row says.
    func issues(enabled: Bool) throws -> (issues: [IssueRecord], tasks: [Int64: String]) {
        guard enabled, let issueScope = scope("issues") else { return ([], [:]) }
        let issues = try fetch("issues", "SELECT \(columns("issues", IssueRecord.columns)) \(issueScope)") { try IssueRecord(&$0) }
            .sorted { ($0.priorityRank, $1.createdAt, $1.id) < ($1.priorityRank, $0.createdAt, $0.id) }
        var tasks: [Int64: String] = [:]
        let taskIDs = Set(issues.compactMap(\.taskID))
        if !taskIDs.isEmpty, let taskScope = scope("tasks") {
            for (id, name) in try fetch(
                "tasks", "SELECT x.id, x.name \(taskScope) AND x.id IN (\(taskIDs.sqlList))", { (try $0.int("id"), $0.optionalText("name") ?? "") })
            {
                tasks[id] = name
            }
        }
        return (issues, tasks)
    }

    /// Client and project attachments marked visible to the client, newest upload first.
    func documents() throws -> [DocumentRecord] {
        var documents: [DocumentRecord] = []
        for (table, kind) in [("client_attachments", DocumentRecord.Kind.client), ("project_attachments", .project)] {
            documents += try records(table, DocumentRecord.columns, order: "x.id", extra: kind == .project ? ", x.project_id" : "") {
                try DocumentRecord(&$0, kind: kind)
            }
        }
        return documents.sorted { ($0.uploadedAt, $0.kind.rawValue, $0.id) > ($1.uploadedAt, $1.kind.rawValue, $1.id) }
    }

    /// Comments on the client's projects that are not internal, newest first.
    func comments() throws -> [CommentRecord] {
        try records("comments", CommentRecord.columns, order: "x.created_at DESC, x.id DESC") { try CommentRecord(&$0) }
    }

    /// Allow-listed actions about the client's projects and their entries, newest first: one part per path the
    /// feed is owned along (``OwnedTable/activityFeeds(_:_:)``), each from the client's projects.
    func activities() throws -> [ActivityRecord] {
        let activityColumns = columns("activities", ActivityRecord.columns)
        let parts = OwnedTable.activityFeeds(schema, dialect).map { feed in
            "SELECT \(activityColumns), p.id AS project_id FROM \(feed.fromClient ?? feed.from) WHERE \(feed.client) = :c AND \(ClientScope.activityFilter)"
        }
        guard !parts.isEmpty else { return [] }
        // Ordered outside the union: inside it, `created_at` and `id` would also name the joined project's columns.
        return try fetch("activities", "SELECT * FROM (\(parts.joined(separator: " UNION ALL "))) feed ORDER BY created_at DESC, id DESC") {
            try ActivityRecord(&$0)
        }
    }
}

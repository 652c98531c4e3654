/// The `time_entries` part of ``ClientFingerprint``: the largest table, read in the cheapest way each question allows.
struct TimeEntryAggregate {
    let db: any SourceSnapshot
    var schema: TimeTrackerSchema { db.schema }

    /// The client of entry `entry` (with its project joined as `p`): the project's, or its own for entries
    /// booked straight to the client.
    static func client(_ schema: TimeTrackerSchema, entry: String) -> String {
        OwnerPath.entryClient(schema, entry: entry)
    }

    /// The key of ``parts(clients:)`` that holds entries no client owns (no project, no client), so sums add up.
    static let unowned: Int64 = -1

    /// Client id → aggregate of its entries (`t<count>|<ids>|<seconds>|<running>|<projects>|<clients>|<latest update>`,
    /// sums but the last, in the order of ``signatures(upTo:and:)``), for
    /// every client (with ``unowned``) or for the given ones.
    func parts(clients: Set<Int64>?) throws -> [Int64: String] {
        // The clients' entries: those of their projects, and those booked straight to them (no project, or
        // one that is gone). Two index lookups; one `OR` of both scans the whole table on PostgreSQL.
        let entries =
            clients.map(\.sqlList).map { list in
                var rows = "SELECT * FROM time_entries WHERE project_id IN (SELECT id FROM projects WHERE client_id IN (\(list)))"
                if schema.has("time_entries", "client_id") {
                    rows += """
                         UNION ALL SELECT * FROM time_entries WHERE client_id IN (\(list))
                         AND (project_id IS NULL OR NOT EXISTS (SELECT 1 FROM projects q WHERE q.id = time_entries.project_id))
                        """
                }
                return "(\(rows))"
            } ?? "time_entries"
        let d = db.dialect
        let updated = schema.has("time_entries", "updated_at") ? d.text(orEmpty: "max(t.updated_at)") : "''"
        let directClient = schema.has("time_entries", "client_id") ? d.total("coalesce(t.client_id, 0)") : "'0'"
        let sql = """
            SELECT \(Self.client(schema, entry: "t")), 't' || count(*) || '|' || \(d.total("t.id")) || '|' || \(d.total("t.duration_seconds"))
                   || '|' || \(d.total(d.count(when: "t.end_time IS NULL"))) || '|' || \(d.total("coalesce(t.project_id, 0)")) || '|' || \(directClient)
                   || '|' || \(updated)
            FROM \(entries) t LEFT JOIN projects p ON p.id = t.project_id GROUP BY 1
            """
        var parts: [Int64: String] = [:]
        try db.forEach(sql, [:]) { row in parts[row.int(0) ?? Self.unowned] = row.text(1) ?? "" }
        return parts
    }

    /// Whether the parts add up to the whole table's signature: row count and the sums of ids, seconds, running
    /// timers, projects and direct clients. A part left stale by a delete, a move to another client or an edit
    /// without a new `updated_at` fails this.
    static func partsAddUp(_ parts: [Int64: String], to signature: String) -> Bool {
        func numbers(_ text: Substring) -> [Double] { text.split(separator: "|", omittingEmptySubsequences: false).prefix(6).compactMap { Double($0) } }
        var sums = [Double](repeating: 0, count: 6)
        for part in parts.values {
            let values = numbers(part.dropFirst())
            guard values.count == 6 else { return false }
            for index in 0..<6 { sums[index] += values[index] }
        }
        return sums == numbers(signature[...])
    }

    /// Signatures of the rows with `id <= old` and with `id <= all`, in one scan of the table: counts, sums of
    /// ids, durations, projects and clients, running timers and the latest `updated_at`. With `after`, the same
    /// scan also names the clients of entries updated after that time (edits stamp `updated_at`).
    func signatures(upTo old: Int64, and all: Int64, editedAfter after: String? = nil) throws -> (old: String, all: String, edited: Set<Int64>) {
        let d = db.dialect
        func signature(_ condition: String?) -> String {
            d.sums(
                [
                    "id", "duration_seconds", d.count(when: "end_time IS NULL"), "project_id",
                    schema.has("time_entries", "client_id") ? "client_id" : "0",
                ],
                latest: schema.has("time_entries", "updated_at") ? "updated_at" : nil, where: condition)
        }
        let oldSignature = old >= all ? "NULL" : signature("id <= \(old)")
        var edits = "NULL, NULL, NULL"
        var arguments: [String: SourceValue] = [:]
        let hasClient = schema.has("time_entries", "client_id")
        let updated = "updated_at > \(d.dateTime(parameter: "after"))"
        if let after, schema.has("time_entries", "updated_at") {
            arguments = ["after": .text(after)]
            // PostgreSQL lists them in a second query (see ``SQLDialect/splitsListScans``), only when this one,
            // still on parallel workers, counts any: a build that changes nothing then reads the table once.
            edits =
                d.splitsListScans
                ? "NULL, NULL, count(*) FILTER (WHERE \(updated))"
                : "\(d.list("project_id", where: updated)), \(hasClient ? d.list("client_id", where: updated) : "NULL"), NULL"
        }
        let sql = "SELECT \(oldSignature), \(signature(nil)), \(edits) FROM time_entries WHERE id <= \(all)"
        let row = try db.rows(sql, arguments, columns: 5).first
        let whole = row?.text(1) ?? ""
        func ids(_ list: String?) -> Set<Int64> { Set(list?.split(separator: ",").compactMap { Int64($0) } ?? []) }
        var edited = ids(row?.text(3))
        var projects = ids(row?.text(2))
        if d.splitsListScans, !arguments.isEmpty, row?.int(4) != 0 {
            try db.forEach("SELECT DISTINCT project_id, \(hasClient ? "client_id" : "NULL") FROM time_entries WHERE id <= \(all) AND \(updated)", arguments) {
                row in
                if let project = row.int(0) { projects.insert(project) }
                if let client = row.int(1) { edited.insert(client) }
            }
        }
        if !projects.isEmpty {
            edited.formUnion(try db.ints("SELECT DISTINCT client_id FROM projects WHERE id IN (\(projects.sqlList)) AND client_id IS NOT NULL"))
        }
        return (row?.text(0) ?? whole, whole, edited)
    }
}

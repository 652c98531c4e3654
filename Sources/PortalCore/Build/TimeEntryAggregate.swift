import GRDB

/// The `time_entries` part of ``ClientFingerprint``: the largest table, read in the cheapest way each question allows.
struct TimeEntryAggregate {
    let db: Database
    let schema: TimeTrackerSchema

    /// The client an entry belongs to: its project's, or its own for entries booked straight to the client.
    var client: String { schema.has("time_entries", "client_id") ? "COALESCE(p.client_id, t.client_id)" : "p.client_id" }

    /// Client id → aggregate of its entries, for every client or for a comma-separated id list.
    func parts(clients list: String?) throws -> [Int64: String] {
        let restriction = list.map {
            " AND (t.project_id IN (SELECT id FROM projects WHERE client_id IN (\($0)))\(schema.has("time_entries", "client_id") ? " OR t.client_id IN (\($0))" : ""))"
        } ?? ""
        let updated = schema.has("time_entries", "updated_at") ? "ifnull(max(t.updated_at),'')" : "''"
        let sql = """
            SELECT \(client), 't' || count(*) || '|' || total(t.id) || '|' || total(t.duration_seconds) || '|' || total(t.end_time IS NULL) || '|' || \(updated)
            FROM time_entries t LEFT JOIN projects p ON p.id = t.project_id WHERE 1\(restriction) GROUP BY 1
            """
        var parts: [Int64: String] = [:]
        let cursor = try Row.fetchCursor(db, sql: sql)
        while let row = try cursor.next() { if let id = row[0] as Int64? { parts[id] = (row[1] as String?) ?? "" } }
        return parts
    }

    /// Signatures of the rows with `id <= old` and with `id <= all`, in one scan of the table: counts, sums of
    /// ids, durations, projects and clients, running timers and the latest `updated_at`.
    func signatures(upTo old: Int64, and all: Int64) throws -> (old: String, all: String) {
        func signature(_ condition: String?) -> String {
            func when(_ value: String) -> String { condition.map { "CASE WHEN \($0) THEN \(value) END" } ?? value }
            let parts = [
                "total(\(when("1")))", "total(\(when("id")))", "total(\(when("duration_seconds")))", "total(\(when("end_time IS NULL")))",
                "total(\(when("ifnull(project_id, 0)")))",
                schema.has("time_entries", "client_id") ? "total(\(when("ifnull(client_id, 0)")))" : "0",
                schema.has("time_entries", "updated_at") ? "ifnull(max(\(when("updated_at"))),'')" : "''",
            ]
            return parts.joined(separator: " || '|' || ")
        }
        if old >= all {
            let signature = try String.fetchOne(db, sql: "SELECT \(signature(nil)) FROM time_entries WHERE id <= \(all)") ?? ""
            return (signature, signature)
        }
        let row = try Row.fetchOne(db, sql: "SELECT \(signature("id <= \(old)")), \(signature(nil)) FROM time_entries WHERE id <= \(all)")
        return (row?[0] ?? "", row?[1] ?? "")
    }
}

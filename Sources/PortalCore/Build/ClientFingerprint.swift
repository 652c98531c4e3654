import Crypto
import Foundation
import GRDB

/// Cheap per-client digests of everything a portal shows, to find which clients a database change touched.
///
/// One aggregate query per table, grouped by client (row counts, sums of ids, latest `updated_at`, sums of
/// amounts and durations), so inserts, deletes and ORM updates all move the digest. A change that moves
/// no aggregate (raw SQL that rewrites a text in place without touching `updated_at`) is still caught by
/// the nightly rebuild, which compares rendered bytes.
public struct ClientFingerprint: Sendable, Codable {
    /// Client id → digest of its rows.
    public var clients: [Int64: String]
    /// Digest of what every client shows (settings, staff names, themes are outside the database).
    public var global: String
    /// The time-entry part per client, with a whole-table signature and the highest id, so the next read
    /// can skip the largest table when it did not change, or look only at new rows when rows were only added.
    var entryParts: [Int64: String] = [:]
    var entrySignature = ""
    var entryMaxID: Int64 = 0

    /// Clients whose digest differs from `previous` (all, when the global part moved).
    public func changedClients(since previous: ClientFingerprint) -> Set<Int64> {
        if global != previous.global { return Set(clients.keys).union(previous.clients.keys) }
        var changed = Set<Int64>()
        for (id, digest) in clients where previous.clients[id] != digest { changed.insert(id) }
        for id in previous.clients.keys where clients[id] == nil { changed.insert(id) }
        return changed
    }

    /// A short SHA-256 hex digest of `parts`.
    static func digest(_ parts: [String]) -> String {
        SHA256.hash(data: Data(parts.joined(separator: "\u{1}").utf8)).prefix(12).map { String(format: "%02x", $0) }.joined()
    }

    /// Reads the digests in one read transaction.
    ///
    /// With `only`, reads just those clients (indexed lookups instead of whole-table scans).
    /// With `previous` (the watcher), the time-entry aggregate is reused when the table's signature did not move
    /// and recomputed only for the clients of new rows when rows were only inserted.
    public static func read(_ database: PortalDatabase, only: Set<Int64>? = nil, previous: ClientFingerprint? = nil) throws -> ClientFingerprint {
        let schema = database.schema
        let list = only.map { $0.sorted().map(String.init).joined(separator: ",") }
        /// ` AND <expression> IN (ids)`, or nothing when reading every client.
        func among(_ expression: String) -> String { list.map { " AND \(expression) IN (\($0))" } ?? "" }
        return try database.read { db in
            var parts: [Int64: [String]] = [:]
            func add(_ sql: String) throws {
                let cursor = try Row.fetchCursor(db, sql: sql)
                while let row = try cursor.next() {
                    guard let id = row[0] as Int64? else { continue }
                    parts[id, default: []].append((row[1] as String?) ?? "")
                }
            }
            func col(_ table: String, _ column: String, _ expression: String) -> String {
                schema.has(table, column) ? expression : "0"
            }
            try add(
                "SELECT id, quote(name) || quote(status) || \(col("clients", "updated_at", "quote(updated_at)")) || \(col("clients", "portal_enabled", "quote(portal_enabled)")) FROM clients WHERE 1\(among("id"))")
            try add(
                "SELECT client_id, 'p' || count(*) || '|' || total(id) || '|' || \(col("projects", "updated_at", "ifnull(max(updated_at),'')")) || '|' || total(status = 'active') FROM projects WHERE 1\(among("client_id")) GROUP BY client_id")
            let entryClient = schema.has("time_entries", "client_id") ? "COALESCE(p.client_id, t.client_id)" : "p.client_id"
            func entryQuery(_ clients: String?) -> String {
                let restriction = clients.map {
                    " AND (t.project_id IN (SELECT id FROM projects WHERE client_id IN (\($0)))\(schema.has("time_entries", "client_id") ? " OR t.client_id IN (\($0))" : ""))"
                } ?? ""
                return """
                    SELECT \(entryClient), 't' || count(*) || '|' || total(t.id) || '|' || total(t.duration_seconds) || '|' || total(t.end_time IS NULL)
                           || '|' || \(col("time_entries", "updated_at", "ifnull(max(t.updated_at),'')"))
                    FROM time_entries t LEFT JOIN projects p ON p.id = t.project_id WHERE 1\(restriction) GROUP BY 1
                    """
            }
            func entryRows(_ sql: String) throws -> [Int64: String] {
                var rows: [Int64: String] = [:]
                let cursor = try Row.fetchCursor(db, sql: sql)
                while let row = try cursor.next() { if let id = row[0] as Int64? { rows[id] = (row[1] as String?) ?? "" } }
                return rows
            }
            let signatureSQL = """
                SELECT count(*) || '|' || total(id) || '|' || total(duration_seconds) || '|' || total(end_time IS NULL) || '|' || total(ifnull(project_id, 0))
                       || '|' || \(col("time_entries", "client_id", "total(ifnull(client_id, 0))")) || '|' || \(col("time_entries", "updated_at", "ifnull(max(updated_at),'')"))
                FROM time_entries
                """
            let entrySignature = try String.fetchOne(db, sql: signatureSQL) ?? ""
            let entryMaxID = try Int64.fetchOne(db, sql: "SELECT ifnull(max(id), 0) FROM time_entries") ?? 0
            var entryParts: [Int64: String]
            if let previous, only == nil, previous.entrySignature == entrySignature, previous.entryMaxID == entryMaxID {
                entryParts = previous.entryParts
            } else if let previous, only == nil, entryMaxID > previous.entryMaxID,
                try String.fetchOne(db, sql: signatureSQL + " WHERE id <= \(previous.entryMaxID)") == previous.entrySignature
            {
                // Rows were only added: recompute the clients of the new rows.
                entryParts = previous.entryParts
                let touched = try Int64.fetchAll(
                    db,
                    sql: "SELECT DISTINCT \(entryClient) FROM time_entries t LEFT JOIN projects p ON p.id = t.project_id WHERE t.id > \(previous.entryMaxID) AND \(entryClient) IS NOT NULL")
                if !touched.isEmpty {
                    for id in touched { entryParts[id] = nil }
                    entryParts.merge(try entryRows(entryQuery(touched.map(String.init).joined(separator: ",")))) { $1 }
                }
            } else {
                entryParts = try entryRows(entryQuery(list))
            }
            for (id, value) in entryParts { parts[id, default: []].append(value) }
            try add(
                "SELECT client_id, 'i' || count(*) || '|' || total(id) || '|' || total(total_amount) || '|' || \(col("invoices", "amount_paid", "total(amount_paid)")) || '|' || \(col("invoices", "updated_at", "ifnull(max(updated_at),'')")) || group_concat(status || payment_status, '') FROM invoices WHERE 1\(among("client_id")) GROUP BY client_id")
            try add("SELECT v.client_id, 'l' || count(*) || '|' || total(l.id) || '|' || total(l.total_amount) FROM invoice_items l JOIN invoices v ON v.id = l.invoice_id WHERE 1\(among("v.client_id")) GROUP BY 1")
            for (table, amount) in [("payments", "amount"), ("credit_notes", "amount"), ("extra_goods", "total_amount"), ("expenses", "amount")] where schema.has(table) {
                try add("SELECT v.client_id, '\(table.prefix(2))' || count(*) || '|' || total(x.id) || '|' || total(x.\(amount)) FROM \(table) x JOIN invoices v ON v.id = x.invoice_id WHERE 1\(among("v.client_id")) GROUP BY 1")
            }
            if schema.has("comments") {
                try add("SELECT p.client_id, 'c' || count(*) || '|' || total(c.id) || '|' || ifnull(max(c.updated_at),'') || '|' || total(c.is_internal) FROM comments c JOIN projects p ON p.id = c.project_id WHERE 1\(among("p.client_id")) GROUP BY 1")
            }
            if schema.has("activities") {
                try add("SELECT p.client_id, 'a' || count(*) || '|' || total(a.id) FROM activities a JOIN projects p ON a.entity_type = 'project' AND p.id = a.entity_id WHERE 1\(among("p.client_id")) GROUP BY 1")
                try add(
                    "SELECT p.client_id, 'at' || count(*) || '|' || total(a.id) FROM activities a JOIN time_entries t ON a.entity_type = 'time_entry' AND t.id = a.entity_id JOIN projects p ON p.id = t.project_id WHERE 1\(among("p.client_id")) GROUP BY 1")
            }
            if schema.has("tasks") {
                try add("SELECT p.client_id, 'k' || count(*) || '|' || total(k.id) || '|' || group_concat(k.status, '') FROM tasks k JOIN projects p ON p.id = k.project_id WHERE 1\(among("p.client_id")) GROUP BY 1")
            }
            if schema.has("client_portal_customizations") {
                try add("SELECT client_id, 'b' || ifnull(updated_at,'') || '|' || id FROM client_portal_customizations WHERE 1\(among("client_id"))")
            }
            if schema.has("client_portal_dashboard_preferences") {
                try add("SELECT client_id, 'd' || ifnull(updated_at,'') || quote(widget_ids) || quote(widget_order) FROM client_portal_dashboard_preferences WHERE user_id IS NULL\(among("client_id"))")
            }
            let settingsColumns = (["updated_at"] + GlobalSettings.columns).filter { schema.has("settings", $0) }.map { "quote(\($0))" }.joined(separator: " || ")
            let global = try String.fetchOne(
                db,
                sql: "SELECT (SELECT group_concat(\(settingsColumns.isEmpty ? "id" : settingsColumns), '') FROM settings) || '|' || (SELECT count(*) || '|' || total(id) || '|' || total(length(ifnull(full_name,'')) + length(username)) || '|' || \(col("users", "client_portal_enabled", "total(client_portal_enabled * ifnull(client_id, 0))")) FROM users)"
            ) ?? ""
            var clients: [Int64: String] = [:]
            for (id, values) in parts { clients[id] = digest(values) }
            return ClientFingerprint(
                clients: clients, global: global, entryParts: entryParts, entrySignature: entrySignature, entryMaxID: entryMaxID)
        }
    }
}

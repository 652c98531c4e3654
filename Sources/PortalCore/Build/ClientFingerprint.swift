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
    /// Client id → digest of its rows in every table but `time_entries`.
    var baseDigests: [Int64: String] = [:]
    /// Client id → aggregate of its time entries (the largest table, kept apart so it is re-read only when needed).
    var entryParts: [Int64: String] = [:]
    /// `max(id)` of `time_entries`: reveals inserts without a scan.
    var entryMaxID: Int64 = 0
    /// A whole-scan signature of the time entries with `id <= entrySignedUpTo`, which reveals edits in place.
    var entrySignature = ""
    var entrySignedUpTo: Int64 = 0
    /// The running timers, so stopped ones are found by id.
    var running: [Int64] = []

    init(global: String) {
        clients = [:]
        self.global = global
    }

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

    /// Combines the per-table parts into the client digests.
    mutating func combine() {
        clients = [:]
        for id in Set(baseDigests.keys).union(entryParts.keys) { clients[id] = Self.digest([baseDigests[id] ?? "", entryParts[id] ?? ""]) }
    }

    /// Reads the digests in one read transaction.
    ///
    /// With `only`, reads just those clients (indexed lookups instead of whole-table scans).
    /// With `previous` (the watcher and full builds), the time-entry aggregate is reused when no row was
    /// inserted, deleted or edited, and recomputed only for the clients of new rows when rows were only added.
    ///
    /// The aggregates take a few hundred milliseconds on a large database; ``NewRows`` finds the commonest
    /// changes (rows added, timers stopped) in milliseconds, and the watcher uses both.
    public static func read(_ database: PortalDatabase, only: Set<Int64>? = nil, previous: ClientFingerprint? = nil) throws -> ClientFingerprint {
        let schema = database.schema
        let list = only.map { $0.sorted().map(String.init).joined(separator: ",") }
        return try database.read { db in
            var fingerprint = ClientFingerprint(global: try globalPart(db, schema))
            fingerprint.baseDigests = try baseDigests(db, schema, among: list)
            let entries = TimeEntryAggregate(db: db, schema: schema)
            if let list {
                fingerprint.entryParts = try entries.parts(clients: list)
                fingerprint.combine()
                return fingerprint
            }
            let newRows = NewRows(db: db, schema: schema)
            fingerprint.running = try newRows.runningTimers()
            fingerprint.entryMaxID = try Int64.fetchOne(db, sql: "SELECT ifnull(max(id), 0) FROM time_entries") ?? 0
            let stopped = Set(previous?.running ?? []).subtracting(fingerprint.running)
            if let previous, fingerprint.entryMaxID >= previous.entryMaxID, previous.entryMaxID > 0 || fingerprint.entryMaxID == 0 {
                // Rows added and timers stopped are found by id; anything else by the signature scan below.
                fingerprint.entryParts = previous.entryParts
                let touched = try newRows.clients(
                    since: ["time_entries": previous.entryMaxID], newest: ["time_entries": fingerprint.entryMaxID], stoppedTimers: stopped)
                if !touched.isEmpty { fingerprint.entryParts.merge(try entries.parts(clients: touched.sorted().map(String.init).joined(separator: ","))) { $1 } }
            } else {
                fingerprint.entryParts = try entries.parts(clients: nil)
            }
            fingerprint.combine()
            guard let previous, !previous.entrySignature.isEmpty, previous.entrySignedUpTo <= fingerprint.entryMaxID else {
                fingerprint.entrySignature = try entries.signatures(upTo: fingerprint.entryMaxID, and: fingerprint.entryMaxID).all
                fingerprint.entrySignedUpTo = fingerprint.entryMaxID
                return fingerprint
            }
            // The rows that existed last time are unchanged unless one was edited in place or deleted.
            let signatures = try entries.signatures(upTo: previous.entrySignedUpTo, and: fingerprint.entryMaxID)
            if signatures.old != previous.entrySignature {
                fingerprint.entryParts = try entries.parts(clients: nil)
                fingerprint.combine()
            }
            fingerprint.entrySignature = signatures.all
            fingerprint.entrySignedUpTo = fingerprint.entryMaxID
            return fingerprint
        }
    }

    /// Settings and staff names, which every client's pages show.
    static func globalPart(_ db: Database, _ schema: TimeTrackerSchema) throws -> String {
        let settingsColumns = (["updated_at"] + GlobalSettings.columns).filter { schema.has("settings", $0) }.map { "quote(\($0))" }.joined(separator: " || ")
        let portalUsers = schema.has("users", "client_portal_enabled") ? "total(client_portal_enabled * ifnull(client_id, 0))" : "0"
        return try String.fetchOne(
            db,
            sql: """
                SELECT (SELECT group_concat(\(settingsColumns.isEmpty ? "id" : settingsColumns), '') FROM settings) || '|' ||
                       (SELECT count(*) || '|' || total(id) || '|' || total(length(ifnull(full_name,'')) + length(username)) || '|' || \(portalUsers) FROM users)
                """
        ) ?? ""
    }

    /// One aggregate per table and client, for every table but `time_entries`; `among` restricts to a
    /// comma-separated id list.
    static func baseDigests(_ db: Database, _ schema: TimeTrackerSchema, among list: String?) throws -> [Int64: String] {
        /// ` AND <expression> IN (ids)`, or nothing when reading every client.
        func among(_ expression: String) -> String { list.map { " AND \(expression) IN (\($0))" } ?? "" }
        func col(_ table: String, _ column: String, _ expression: String) -> String { schema.has(table, column) ? expression : "0" }
        var parts: [Int64: [String]] = [:]
        func add(_ sql: String) throws {
            let cursor = try Row.fetchCursor(db, sql: sql)
            while let row = try cursor.next() {
                guard let id = row[0] as Int64? else { continue }
                parts[id, default: []].append((row[1] as String?) ?? "")
            }
        }
        try add(
            "SELECT id, quote(name) || quote(status) || \(col("clients", "updated_at", "quote(updated_at)")) || \(col("clients", "portal_enabled", "quote(portal_enabled)")) FROM clients WHERE 1\(among("id"))")
        try add(
            "SELECT client_id, 'p' || count(*) || '|' || total(id) || '|' || \(col("projects", "updated_at", "ifnull(max(updated_at),'')")) || '|' || total(status = 'active') FROM projects WHERE 1\(among("client_id")) GROUP BY client_id")
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
            // Every client: from the activities (far fewer than entries). Some clients: from their projects' entries.
            let entryActivities =
                list == nil
                ? "activities a JOIN time_entries t ON a.entity_type = 'time_entry' AND t.id = a.entity_id JOIN projects p ON p.id = t.project_id"
                : "projects p CROSS JOIN time_entries t ON t.project_id = p.id CROSS JOIN activities a ON a.entity_type = 'time_entry' AND a.entity_id = t.id"
            try add("SELECT p.client_id, 'at' || count(*) || '|' || total(a.id) FROM \(entryActivities) WHERE 1\(among("p.client_id")) GROUP BY 1")
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
        return parts.mapValues { digest($0) }
    }
}

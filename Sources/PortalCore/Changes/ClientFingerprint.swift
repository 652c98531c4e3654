import Crypto
import Foundation

/// Cheap per-client digests of everything a portal shows, to find which clients a database change touched.
///
/// One aggregate query per table, grouped by client (row counts, sums of ids, latest `updated_at`, sums of
/// amounts and durations), so inserts, deletes and ORM updates all move the digest. A change that moves
/// no aggregate (raw SQL that rewrites a text in place without touching `updated_at`) is still caught by
/// the nightly rebuild, which compares rendered bytes.
package struct ClientFingerprint: Sendable, Codable {
    /// Client id → digest of its rows.
    package var clients: [Int64: String]
    /// Digest of what every client shows (settings, staff names, themes are outside the database).
    package var global: String
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
    package func changedClients(since previous: ClientFingerprint) -> Set<Int64> {
        if global != previous.global { return Set(clients.keys).union(previous.clients.keys) }
        var changed = Set<Int64>()
        for (id, digest) in clients where previous.clients[id] != digest { changed.insert(id) }
        for id in previous.clients.keys where clients[id] == nil { changed.insert(id) }
        return changed
    }

    /// Combines the per-table parts into the client digests.
    mutating func combine() {
        clients = [:]
        for id in Set(baseDigests.keys).union(entryParts.keys) where id != TimeEntryAggregate.unowned {
            clients[id] = ShortDigest.of([baseDigests[id] ?? "", entryParts[id] ?? ""])
        }
    }

    /// Reads the digests in one read transaction.
    ///
    /// With `only`, reads just those clients (indexed lookups instead of whole-table scans).
    /// With `previous` (the watcher and full builds), the time-entry aggregate is reused when no row was
    /// inserted, deleted or edited, and recomputed only for the clients of new rows when rows were only added.
    ///
    /// The aggregates take a few hundred milliseconds on a large database; ``NewRows`` finds the commonest
    /// changes (rows added, timers stopped) in milliseconds, and the watcher uses both.
    ///
    /// `reading` is called once the transaction holds its snapshot of the database (after its first query).
    package static func read(
        _ database: PortalDatabase, only: Set<Int64>? = nil, previous: ClientFingerprint? = nil, reading: () -> Void = {}
    ) throws -> ClientFingerprint {
        try database.read { db in
            var fingerprint = ClientFingerprint(global: try globalPart(db))
            reading()
            fingerprint.baseDigests = try baseDigests(db, among: only)
            let entries = TimeEntryAggregate(db: db)
            if let only {
                fingerprint.entryParts = try entries.parts(clients: only)
                fingerprint.combine()
                return fingerprint
            }
            let newRows = NewRows(db: db)
            fingerprint.running = try newRows.runningTimers()
            fingerprint.entryMaxID = try db.int("SELECT coalesce(max(id), 0) FROM time_entries") ?? 0
            let stopped = Set(previous?.running ?? []).subtracting(fingerprint.running)
            if let previous, fingerprint.entryMaxID >= previous.entryMaxID, previous.entryMaxID > 0 || fingerprint.entryMaxID == 0 {
                // Rows added and timers stopped are found by id; anything else by the signature scan below.
                fingerprint.entryParts = previous.entryParts
                let touched = try newRows.clients(
                    since: ["time_entries": previous.entryMaxID], newest: ["time_entries": fingerprint.entryMaxID], stoppedTimers: stopped)
                if !touched.isEmpty { fingerprint.entryParts.merge(try entries.parts(clients: touched)) { $1 } }
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
            let latest = previous.entrySignature.split(separator: "|", omittingEmptySubsequences: false).last.map(String.init)
            let signatures = try entries.signatures(
                upTo: previous.entrySignedUpTo, and: fingerprint.entryMaxID, editedAfter: latest?.isEmpty == false ? latest : nil)
            if signatures.old != previous.entrySignature {
                // Edits stamp `updated_at`: re-aggregate the clients of rows newer than the last signature's
                // latest, and keep that only if every part still adds up to the whole table; else all clients.
                var repaired = fingerprint.entryParts
                if !signatures.edited.isEmpty {
                    repaired.merge(try entries.parts(clients: signatures.edited)) { $1 }
                }
                fingerprint.entryParts = TimeEntryAggregate.partsAddUp(repaired, to: signatures.all) ? repaired : try entries.parts(clients: nil)
                fingerprint.combine()
            }
            fingerprint.entrySignature = signatures.all
            fingerprint.entrySignedUpTo = fingerprint.entryMaxID
            return fingerprint
        }
    }

    /// The tables of ``globalPart(_:)``: what every client's pages show.
    static let globalTables = ["settings", "users", "payment_gateways"]

    /// Settings and staff names, which every client's pages show.
    static func globalPart(_ db: any SourceSnapshot) throws -> String {
        let schema = db.schema
        let d = db.dialect
        let settingsColumns = (["updated_at"] + GlobalSettings.columns).filter { schema.has("settings", $0) }
        // Who is a portal user moves every client's digest: it decides who gets a portal, and a client's language.
        let portalUsers = PortalAccess.portalUsers(schema).map { d.total("CASE WHEN \($0) THEN client_id ELSE 0 END") } ?? "'0'"
        let settings = d.rowDigest(settingsColumns, id: "id")
        // An active payment gateway adds "Pay online" to every unpaid invoice.
        // The names pages show beside entries, comments and approvals, by content: a rename of the same length moves it.
        let names = ["username", "full_name"].filter { schema.has("users", $0) }
        let gateways =
            schema.has("payment_gateways", "is_active")
            ? "(SELECT '|' || \(d.total(d.count(when: "is_active IS TRUE"))) FROM payment_gateways)" : "''"
        return try db.text(
            """
            SELECT (SELECT \(settings) FROM settings) || '|' ||
                   (SELECT count(*) || '|' || \(d.total("id")) || '|' || \(d.rowDigest(names, id: "id")) || '|' || \(portalUsers) FROM users)
                   || \(gateways)
            """
        ) ?? ""
    }

    /// One aggregate per owned table and client (``OwnedTable``), for every table but `time_entries`;
    /// `clients` restricts to those ids. One statement: on PostgreSQL each is a round trip, and a few clients'
    /// two dozen of them took longer than the server's work.
    static func baseDigests(_ db: any SourceSnapshot, among clients: Set<Int64>?) throws -> [Int64: String] {
        let tables = OwnedTable.all(db.schema, db.dialect)
        let parts = tables.enumerated().map { index, owned in
            let from = clients == nil ? owned.from : owned.fromClient ?? owned.from
            let restriction = clients.map { " WHERE \(owned.client) IN (\($0.sqlList))" } ?? ""
            return "SELECT \(index), \(owned.client), '\(owned.tag)' || \(owned.aggregate) FROM \(from)\(restriction) GROUP BY 2"
        }
        // Each table's part in the tables' order, whatever order the server returns the rows in.
        var rows: [Int64: [(table: Int64, part: String)]] = [:]
        try db.forEach(parts.joined(separator: " UNION ALL "), [:]) { row in
            guard let table = row.int(0), let id = row.int(1) else { return }
            rows[id, default: []].append((table, row.text(2) ?? ""))
        }
        return rows.mapValues { ShortDigest.of($0.sorted { $0.table < $1.table }.map(\.part)) }
    }
}

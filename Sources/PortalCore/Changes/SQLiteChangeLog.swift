/// The optional change log of a SQLite database: SQLite's answer to ``PostgresTriggers``.
///
/// SQLite tells another process only *that* a commit happened (`PRAGMA data_version`), not what it
/// changed, and TimeTracker's schema has no index that would find edited rows; so without help an edit in
/// place or a deletion is found by re-reading every client's aggregates (``ClientFingerprint``), about a
/// second at a million entries. With the log, row-level triggers on every watched table record the clients
/// whose rows a statement inserted, changed (before and after) or deleted in `portalgen_changes`, one row a
/// client with the sequence number of its latest change; the daemon reads the rows numbered after its last
/// look (an indexed lookup, milliseconds at any size). The log holds at most one row a client, plus
/// ``everyone`` for the tables every client shows, so it never grows with the data.
///
/// portalgen never installs it (it only reads); an admin who may write TimeTracker's file runs the SQL that
/// `portalgen triggers` prints. Everything comes from the one declaration of who owns a row
/// (``OwnedTable/owners(_:_:)``).
package enum SQLiteChangeLog {
    /// The log table.
    package static let table = "portalgen_changes"
    /// The prefix of every trigger name.
    static let prefix = "portalgen_log"
    /// The log's client id for "a table every client shows changed: look at everything".
    static let everyone: Int64 = 0

    /// One trigger: its name and its whole `CREATE TRIGGER` statement.
    struct Trigger {
        let table: String
        let name: String
        let sql: String
    }

    /// The triggers for `database`'s schema: for each owned table, its owners before an update or deletion
    /// (`BEFORE`, while the row is still as it was) and after an insertion or update (`AFTER`); for the tables
    /// every client shows, ``everyone``.
    static func triggers(_ database: PortalDatabase) -> [Trigger] {
        // The sequence number is one past the log's highest: SQLite runs one writer at a time, so every
        // commit numbers its changes above what any reader has seen.
        let next = "(SELECT coalesce(max(seq), 0) + 1 FROM \(table))"
        func log(_ owners: String) -> String {
            "INSERT OR REPLACE INTO \(table) (client_id, seq) SELECT DISTINCT o, \(next) FROM (\(owners)) WHERE o IS NOT NULL;"
        }
        var result: [Trigger] = []
        for (name, paths) in TriggerScript.ownersByTable(database) {
            func owners(of row: String) -> String {
                paths.map { "SELECT \($0.client) AS o FROM \($0.from) WHERE x.id = \(row).id" }.joined(separator: " UNION ALL ")
            }
            for (event, timing, row) in [
                ("insert", "AFTER INSERT", "NEW"), ("update_old", "BEFORE UPDATE", "OLD"), ("update", "AFTER UPDATE", "NEW"),
                ("delete", "BEFORE DELETE", "OLD"),
            ] {
                let trigger = "\(prefix)_\(name)_\(event)"
                result.append(Trigger(table: name, name: trigger, sql: "CREATE TRIGGER \(trigger) \(timing) ON \(name) BEGIN \(log(owners(of: row))) END"))
            }
        }
        for name in ClientFingerprint.globalTables where database.schema.has(name) {
            for event in ["insert", "update", "delete"] {
                let trigger = "\(prefix)_\(name)_\(event)"
                result.append(
                    Trigger(
                        table: name, name: trigger,
                        sql: "CREATE TRIGGER \(trigger) AFTER \(event.uppercased()) ON \(name) BEGIN \(log("SELECT \(everyone) AS o")) END"))
            }
        }
        return result
    }

    /// SQL that installs (or, with `drop`, removes) the log and its triggers; idempotent, in one transaction.
    package static func sql(_ database: PortalDatabase, drop: Bool = false) -> String {
        TriggerScript.transaction(
            comments: [
                "portalgen: a change log for live updates of edits and deletions without re-reading every client.",
                "Run with write access to TimeTracker's file, e.g. `sqlite3 timetracker.db < portalgen-triggers.sql`",
                "(portalgen itself only reads). One row a client at most; re-run after upgrading portalgen",
                "(`portalgen check` says when).",
            ], statements: statements(database, drop: drop))
    }

    /// The statements of ``sql(_:drop:)``, one by one and without the transaction (for ``SourceWriter``).
    package static func statements(_ database: PortalDatabase, drop: Bool = false) -> [String] {
        let triggers = triggers(database)
        var lines = triggers.map { "DROP TRIGGER IF EXISTS \($0.name)" }
        if drop { return lines + ["DROP TABLE IF EXISTS \(table)"] }
        lines += [
            "CREATE TABLE IF NOT EXISTS \(table) (client_id INTEGER PRIMARY KEY, seq INTEGER NOT NULL)",
            "CREATE INDEX IF NOT EXISTS \(table)_seq ON \(table) (seq)",
        ]
        return lines + triggers.map(\.sql)
    }

    /// The watched tables whose triggers are missing or outdated.
    package static func missing(_ database: PortalDatabase) throws -> [String] {
        let installed = try database.read { snapshot in
            try snapshot.rows("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name LIKE '\(prefix)%'", columns: 2).map {
                ($0.text(0) ?? "", $0.text(1) ?? "")
            }
        }
        let present = Dictionary(installed, uniquingKeysWith: { a, _ in a })
        let tables = triggers(database).filter { present[$0.name] != $0.sql }.map(\.table)
        return tables.reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
    }

    /// The clients logged after `seq` and the newest sequence number; the clients are nil ("look at
    /// everything") without `seq`, when the log names ``everyone``, or when it restarted below `seq` (dropped
    /// and installed again). Nil altogether when the database has no log.
    static func read(_ db: any SourceSnapshot, after seq: Int64?) throws -> (clients: Set<Int64>?, newest: Int64)? {
        guard try db.int("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = '\(table)'") == 1 else { return nil }
        let newest = try db.int("SELECT coalesce(max(seq), 0) FROM \(table)") ?? 0
        guard let seq, newest >= seq else { return (nil, newest) }
        var clients = Set<Int64>()
        try db.forEach("SELECT client_id FROM \(table) WHERE seq > :seq", ["seq": .int(seq)]) { row in
            if let id = row.int(0) { clients.insert(id) }
        }
        return (clients.contains(everyone) ? nil : clients, newest)
    }
}

import Foundation
import GRDB
import PortalTestSupport
import Testing

@testable import PortalCore

/// Every table a client's pages are read from has change detection: either an owned table (whose rows the
/// fingerprints aggregate and whose new rows the daemon looks up) or part of the global fingerprint.
@Suite struct OwnershipTests {
    /// Wraps a snapshot and records the SQL run through it.
    final class Recorder: SourceSnapshot {
        let inner: any SourceSnapshot
        var statements: [String] = []
        init(_ inner: any SourceSnapshot) { self.inner = inner }
        var schema: TimeTrackerSchema { inner.schema }
        var dialect: SQLDialect { inner.dialect }
        /// Table → the columns read from it: each statement's select list, under the first table after FROM.
        var columns: [String: Set<String>] = [:]
        func forEach(_ sql: String, _ arguments: [String: SourceValue], _ body: (any SourceRow) throws -> Void) throws {
            statements.append(sql)
            let words = sql.split(whereSeparator: \.isWhitespace)
            let table = words.firstIndex { $0.uppercased() == "FROM" }.flatMap { words.indices.contains($0 + 1) ? String(words[$0 + 1]) : nil }
            try inner.forEach(sql, arguments) { row in
                if let table { columns[table, default: []].formUnion(row.columnNames) }
                try body(row)
            }
        }
    }

    /// The tables named after FROM or JOIN in `sql`.
    static func tables(in sql: String) -> Set<String> {
        let words = sql.split(whereSeparator: { $0.isWhitespace || $0 == "(" || $0 == ")" || $0 == "," }).map(String.init)
        var tables = Set<String>()
        for (index, word) in words.enumerated() where ["FROM", "JOIN"].contains(word.uppercased()) && index + 1 < words.count {
            let name = words[index + 1]
            if name.first?.isLetter == true, name.uppercased() != "SELECT" { tables.insert(name) }
        }
        return tables
    }

    @Test func everyTableAPageReadsIsWatched() throws {
        let fixture = try Fixture(clients: 3, entries: 20, invoices: 3)
        let database = try PortalDatabase(location: fixture.configuration.database)
        var read = Set<String>()
        try database.read { snapshot in
            let recorder = Recorder(snapshot)
            for client in 1...3 { _ = try ClientScope(clientID: Int64(client), billing: true).read(recorder) }
            for statement in recorder.statements { read.formUnion(Self.tables(in: statement)) }
        }
        #expect(read.isSuperset(of: ["clients", "projects", "time_entries", "invoices", "comments", "activities"]))
        let watched = Set(OwnedTable.watchedTables(database.schema, database.dialect)).union(ClientFingerprint.globalTables)
        #expect(read.subtracting(watched).isEmpty, "read by ClientScope but not watched for changes: \(read.subtracting(watched).sorted())")
    }

    /// Every column a client's pages are read from moves its client's digest (or the global one) when it is edited
    /// as TimeTracker edits it: the value changes (text keeps its length) and `updated_at`, where the table has one,
    /// is stamped. A column no aggregate sees would leave the page stale until the nightly rebuild.
    @Test func everyColumnAPageReadsMovesItsDigest() throws {
        let fixture = try Fixture(clients: 3, entries: 20, invoices: 3)
        let database = try PortalDatabase(path: fixture.databasePath)
        let schema = database.schema
        var read: [String: Set<String>] = [:]
        try database.read { snapshot in
            let recorder = Recorder(snapshot)
            for client in 1...3 { _ = try ClientScope(clientID: Int64(client), billing: true).read(recorder) }
            read = recorder.columns
        }
        // How to find a row of the table that a client's pages show, and that client (nil for the global tables).
        var owners: [String: (from: String, client: String, visible: String?)] = [
            "time_entries": (OwnerPath.timeEntry.from("time_entries"), OwnerPath.timeEntry.client(schema), "x.end_time IS NOT NULL")
        ]
        for owned in OwnedTable.all(schema, database.dialect) where owners[owned.table] == nil {
            owners[owned.table] = (owned.from, owned.client, owned.visible)
        }
        // Foreign keys off: an edit may point a row at an id that does not exist, which moves its digest all the same.
        var configuration = Configuration()
        configuration.foreignKeysEnabled = false
        let writer = try DatabaseQueue(path: fixture.databasePath, configuration: configuration)
        var checked = 0
        var unmoved: [String] = []
        var untested: [String] = []
        // Activities are written once and never edited by TimeTracker (`Activity.log`): their ids and count are watched.
        for (table, columns) in read.sorted(by: { $0.key < $1.key }) where schema.has(table) && !["payment_gateways", "activities"].contains(table) {
            let global = ClientFingerprint.globalTables.contains(table)
            guard global || owners[table] != nil else {
                Issue.record("\(table) is read for a client's pages but neither owned nor global")
                continue
            }
            let rowSQL =
                global
                ? "SELECT x.id, 0 FROM \(table) x ORDER BY x.id LIMIT 1"
                : "SELECT x.id, \(owners[table]!.client) FROM \(owners[table]!.from) WHERE \(owners[table]!.client) IN (1, 2, 3)"
                    + (owners[table]!.visible.map { " AND \($0)" } ?? "") + " ORDER BY x.id LIMIT 1"
            guard let row = try writer.read({ try Row.fetchOne($0, sql: rowSQL) }) else {
                untested.append(table)
                continue
            }
            let id: Int64 = row[0]
            let client: Int64 = row[1]
            for column in columns.sorted() where column != "id" && schema.has(table, column) {
                let before = try ClientFingerprint.read(database)
                let stamped = schema.has(table, "updated_at") && column != "updated_at"
                let original = try writer.read {
                    try Row.fetchOne($0, sql: "SELECT \(column), \(stamped ? "updated_at" : "NULL") FROM \(table) WHERE id = ?", arguments: [id])!
                }
                try writer.write { db in
                    try db.execute(
                        sql:
                            "UPDATE \(table) SET \(column) = \(Self.edited(column))\(stamped ? ", updated_at = '2027-01-01 00:00:00.000000'" : "") WHERE id = ?",
                        arguments: [id])
                }
                let after = try ClientFingerprint.read(database)
                let moved = global ? after.global != before.global : after.clients[client] != before.clients[client]
                if !moved { unmoved.append("\(table).\(column)") }
                checked += 1
                try writer.write { db in
                    try db.execute(
                        sql: "UPDATE \(table) SET \(column) = ?\(stamped ? ", updated_at = ?" : "") WHERE id = ?",
                        arguments: stamped ? [original[0] as DatabaseValue, original[1] as DatabaseValue, id] : [original[0] as DatabaseValue, id])
                }
            }
        }
        #expect(checked > 100, "only \(checked) columns were checked")
        #expect(untested.isEmpty, "the fixture has no row of \(untested) to edit")
        #expect(unmoved.isEmpty, "edited, but no digest moved: \(unmoved)")
    }

    /// SQLite: `column` edited so that it differs: NULL becomes '1', a flag flips, a number grows by one, text
    /// keeps its length and changes its last character.
    static func edited(_ column: String) -> String {
        """
        CASE WHEN \(column) IS NULL THEN '1'
             WHEN typeof(\(column)) = 'integer' AND \(column) IN (0, 1) THEN 1 - \(column)
             WHEN typeof(\(column)) IN ('integer', 'real') THEN \(column) + 1
             WHEN length(\(column)) = 0 THEN 'x'
             ELSE substr(\(column), 1, length(\(column)) - 1) || CASE WHEN substr(\(column), -1) = 'x' THEN 'y' ELSE 'x' END END
        """
    }
}

import Foundation
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
        func forEach(_ sql: String, _ arguments: [String: SourceValue], _ body: (any SourceRow) throws -> Void) throws {
            statements.append(sql)
            try inner.forEach(sql, arguments, body)
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
            for client in 1...3 { _ = try ClientScope(clientID: Int64(client)).read(recorder) }
            for statement in recorder.statements { read.formUnion(Self.tables(in: statement)) }
        }
        #expect(read.isSuperset(of: ["clients", "projects", "time_entries", "invoices", "comments", "activities"]))
        let watched = Set(OwnedTable.watchedTables(database.schema, database.dialect)).union(ClientFingerprint.globalTables)
        #expect(read.subtracting(watched).isEmpty, "read by ClientScope but not watched for changes: \(read.subtracting(watched).sorted())")
    }
}

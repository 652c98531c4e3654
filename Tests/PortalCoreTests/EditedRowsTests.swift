import Foundation
import PortalDemo
import PortalTestSupport
import Testing

@testable import PortalCore

/// The quick look for edits and deletions without triggers (``EditedRows``) names the client of a row
/// stamped with a newer `updated_at` and of a deleted row, and no other client, for every table a portal
/// shows, on TimeTracker's own SQLite sample and on PostgreSQL; rows added in between keep the per-client
/// counts true, so a later deletion still names only its client.
@Suite struct EditedRowsTests {
    @Test(.enabled(if: FileManager.default.fileExists(atPath: samplePath)))
    func sqliteSampleEveryTable() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("edited-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("timetracker.db").path
        try FileManager.default.copyItem(atPath: samplePath, toPath: path)
        try Self.everyTable(.sqlite(URL(fileURLWithPath: path)))
    }

    @Test func postgresEveryTable() throws {
        let server = try PostgresServer.start()
        let fixture = try Fixture(clients: 3, entries: 10, invoices: 3, seed: 5)
        let database = try server.createDatabase()
        setenv("PGPASSWORD", PostgresServer.adminPassword, 1)
        try PostgresDemoLoader.load(sqlite: fixture.databasePath, into: PostgresLocation(uri: server.uri(database)), replace: false)
        try Self.everyTable(try DatabaseLocation.parse(server.uri(database)) { URL(fileURLWithPath: $0) })
    }

    static func everyTable(_ location: DatabaseLocation) throws {
        let reader = try PortalDatabase(location: location)
        let writer = try SourceWriter(location: location)
        let at = writer.dialect.dateTime(parameter: "at")
        var mark = try EditedRows.read(reader, since: nil).mark
        let quiet = try EditedRows.read(reader, since: mark)
        #expect(quiet.clients.isEmpty, "nothing changed, yet the look names \(quiet.clients.sorted())")
        // Two clients' entries stamped between two looks: both named (a look that reads every row finds
        // several stamped rows in its first pass and names them in a second).
        let entries = try reader.read { db in
            try db.rows(
                "SELECT min(t.id), p.client_id FROM time_entries t JOIN projects p ON p.id = t.project_id WHERE p.client_id IS NOT NULL GROUP BY p.client_id ORDER BY p.client_id LIMIT 2",
                columns: 2)
        }
        let twoClients = Set(entries.compactMap { $0.int(1) })
        for entry in entries {
            try writer.execute("UPDATE time_entries SET updated_at = \(at) WHERE id = \(entry.int(0) ?? 0)", ["at": .text("2098-01-01 00:00:00.000000")])
        }
        let both = try EditedRows.read(reader, since: quiet.mark)
        #expect(
            twoClients.count == 2 && both.clients == twoClients, "stamping entries of clients \(twoClients.sorted()): the look names \(both.clients.sorted())")
        mark = both.mark
        var stamped = 0, deleted = 0
        for (index, owner) in OwnedTable.owners(reader.schema, reader.dialect).enumerated() {
            let row = try reader.read { db in
                try db.rows("SELECT x.id, \(owner.client) FROM \(owner.from) WHERE \(owner.client) IS NOT NULL ORDER BY x.id DESC LIMIT 1", columns: 2).first
            }
            guard let row, let id = row.int(0), let client = row.int(1) else { continue }
            if reader.schema.has(owner.table, "updated_at") {
                // TimeTracker's edits stamp the time they were made: later than any before.
                try writer.execute("UPDATE \(owner.table) SET updated_at = \(at) WHERE id = \(id)", ["at": .text("2099-01-01 00:00:\(10 + index).000000")])
                let look = try EditedRows.read(reader, since: mark)
                #expect(look.clients == [client], "stamping \(owner.table) row \(id) of client \(client): the look names \(look.clients.sorted())")
                mark = look.mark
                stamped += 1
            }
            // A deletion that cascades (`SET NULL`) moves rows of other tables without a stamp, which the
            // aggregates find: each deletion starts from a fresh look, so only its own table is in question.
            mark = try EditedRows.read(reader, since: nil).mark
            // A row others point at may be refused by a foreign key: those tables are left to the ones that can go.
            guard (try? writer.execute("DELETE FROM \(owner.table) WHERE id = \(id)")) != nil else { continue }
            let look = try EditedRows.read(reader, since: mark)
            #expect(look.clients.contains(client), "deleting \(owner.table) row \(id) of client \(client): the look names \(look.clients.sorted())")
            #expect(look.clients.isSubset(of: [client]), "deleting \(owner.table) row \(id) of client \(client): the look names \(look.clients.sorted())")
            mark = look.mark
            deleted += 1
        }
        #expect(stamped >= 8 && deleted >= 8, "only \(stamped) tables stamped and \(deleted) deleted")
        // A comment added with an old stamp is no edit; it is counted, so deleting another client's comment
        // names that client alone.
        let comments = try reader.read { db in
            try db.rows(
                "SELECT min(x.id), p.client_id FROM comments x JOIN projects p ON p.id = x.project_id GROUP BY p.client_id ORDER BY p.client_id", columns: 2)
        }
        try #require(comments.count >= 2)
        let (kept, removed) = (comments[0], comments[1])
        try writer.execute(
            """
            INSERT INTO comments (content, project_id, user_id, is_internal, is_client_comment, created_at, updated_at)
            SELECT 'Added', project_id, user_id, is_internal, is_client_comment, created_at, \(at) FROM comments WHERE id = \(kept.int(0)!)
            """, ["at": .text("2000-01-01 00:00:00.000000")])
        let added = try EditedRows.read(reader, since: mark)
        #expect(added.clients.isEmpty, "a row added with an old stamp named \(added.clients.sorted())")
        try writer.execute("DELETE FROM comments WHERE id = \(removed.int(0)!)")
        let after = try EditedRows.read(reader, since: added.mark)
        #expect(after.clients == [removed.int(1)!], "deleting a comment of client \(removed.int(1)!) named \(after.clients.sorted())")
    }
}

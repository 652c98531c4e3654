import Foundation
import GRDB
import PortalTestSupport
import Testing

@testable import PortalCore

/// The SQLite change log installs on the database TimeTracker itself wrote, keeps every write to a watched
/// table working while it logs that row's client, is found outdated when a trigger differs, and is removed
/// whole by the `--drop` SQL.
@Suite struct SQLiteChangeLogTests {
    /// A copy of TimeTracker's own sample with the log installed by the printed SQL, as an admin would.
    static func installedCopy() throws -> (folder: URL, path: String) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("changelog-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let path = folder.appendingPathComponent("timetracker.db").path
        try FileManager.default.copyItem(atPath: samplePath, toPath: path)
        let sql = SQLiteChangeLog.sql(try PortalDatabase(path: path))
        let run = try DatabaseQueue(path: path)
        try run.writeWithoutTransaction { db in try db.execute(sql: sql) }
        return (folder, path)
    }

    @Test(.enabled(if: FileManager.default.fileExists(atPath: samplePath)))
    func everyWatchedTableKeepsWorkingAndLogsItsClient() throws {
        let (folder, path) = try Self.installedCopy()
        defer { try? FileManager.default.removeItem(at: folder) }
        let database = try PortalDatabase(path: path)
        #expect(try SQLiteChangeLog.missing(database).isEmpty)
        // Deleting a row must not cascade into others here: each row's own triggers are what is tested.
        var configuration = Configuration()
        configuration.foreignKeysEnabled = false
        let writer = try DatabaseQueue(path: path, configuration: configuration)
        var checked = 0
        for owner in OwnedTable.owners(database.schema, database.dialect) {
            // A row of the table with an owner, and who owns it, by the declaration's own query.
            let row = try writer.read { db in
                try Row.fetchOne(db, sql: "SELECT x.id, \(owner.client) FROM \(owner.from) WHERE \(owner.client) IS NOT NULL ORDER BY x.id LIMIT 1")
            }
            guard let row, let id: Int64 = row[0], let client: Int64 = row[1] else { continue }
            try writer.write { db in
                try db.execute(sql: "DELETE FROM \(SQLiteChangeLog.table)")
                // TimeTracker's own kind of write: an ORM update that rewrites the row.
                try db.execute(sql: "UPDATE \(owner.table) SET id = id WHERE id = ?", arguments: [id])
                let logged = try Int64.fetchAll(db, sql: "SELECT client_id FROM \(SQLiteChangeLog.table)")
                #expect(logged.contains(client), "\(owner.table) row \(id) of client \(client): the log says \(logged)")
            }
            try writer.write { db in
                try db.execute(sql: "DELETE FROM \(SQLiteChangeLog.table)")
                try db.execute(sql: "DELETE FROM \(owner.table) WHERE id = ?", arguments: [id])
                let logged = try Int64.fetchAll(db, sql: "SELECT client_id FROM \(SQLiteChangeLog.table)")
                #expect(logged.contains(client), "deleting \(owner.table) row \(id) of client \(client): the log says \(logged)")
            }
            checked += 1
        }
        #expect(checked >= 8, "only \(checked) watched tables had a row with an owner in the sample")
        // A table every client shows: "everything".
        try writer.write { db in try db.execute(sql: "UPDATE settings SET id = id") }
        #expect(try writer.read { db in try Int64.fetchAll(db, sql: "SELECT client_id FROM \(SQLiteChangeLog.table)") }.contains(SQLiteChangeLog.everyone))
    }

    /// A log dropped and installed again numbers from 1 again: the watcher must not wait for it to pass
    /// the number it last saw, but look at everything.
    @Test(.enabled(if: FileManager.default.fileExists(atPath: samplePath)))
    func aLogInstalledAgainMeansLookAtEverything() throws {
        let (folder, path) = try Self.installedCopy()
        defer { try? FileManager.default.removeItem(at: folder) }
        let writer = try DatabaseQueue(path: path)
        let edit = "UPDATE time_entries SET id = id WHERE id = (SELECT min(id) FROM time_entries)"
        var mark = try NewRows.read(try PortalDatabase(path: path), since: nil).mark
        for _ in 0..<3 {
            try writer.write { db in try db.execute(sql: edit) }
            let look = try NewRows.read(try PortalDatabase(path: path), since: mark)
            #expect(look.logged && !look.everything && look.mark.logged! > mark.logged!)
            mark = look.mark
        }
        let database = try PortalDatabase(path: path)
        let again = SQLiteChangeLog.sql(database, drop: true) + SQLiteChangeLog.sql(database)
        try writer.writeWithoutTransaction { db in try db.execute(sql: again) }
        try writer.write { db in try db.execute(sql: edit) }
        #expect(try NewRows.read(try PortalDatabase(path: path), since: mark).everything)
    }

    @Test(.enabled(if: FileManager.default.fileExists(atPath: samplePath)))
    func anOutdatedTriggerIsNamedAndDropRemovesEverything() throws {
        let (folder, path) = try Self.installedCopy()
        defer { try? FileManager.default.removeItem(at: folder) }
        let writer = try DatabaseQueue(path: path)
        try writer.write { db in
            try db.execute(sql: "DROP TRIGGER portalgen_log_comments_update")
            try db.execute(sql: "CREATE TRIGGER portalgen_log_comments_update AFTER UPDATE ON comments BEGIN SELECT 1; END")
        }
        #expect(try SQLiteChangeLog.missing(try PortalDatabase(path: path)) == ["comments"])
        let drop = SQLiteChangeLog.sql(try PortalDatabase(path: path), drop: true)
        try writer.writeWithoutTransaction { db in try db.execute(sql: drop) }
        let left = try writer.read { db in
            try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE name LIKE 'portalgen%'")
        }
        #expect(left.isEmpty, "\(left)")
        #expect(try NewRows.read(try PortalDatabase(path: path), since: nil).logged == false)
    }
}

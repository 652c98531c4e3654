import Foundation
import Testing

@testable import PortalServer

/// A write to the database file, its log or the deletion of its journal knocks on the poll loop's doorbell
/// (a wake-up without a ring); a write to another file of the folder does not.
@Suite struct FileWatcherTests {
    @Test func writesToTheDatabasesFilesKnock() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("watch-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let database = folder.appendingPathComponent("timetracker.db")
        for name in ["timetracker.db", "timetracker.db-wal", "timetracker.db-journal", "other.txt"] {
            try Data("x".utf8).write(to: folder.appendingPathComponent(name))
        }
        let doorbell = Doorbell()
        let watcher = try #require(FileWatcher(database: database, doorbell: doorbell))
        defer { watcher.stop() }
        /// Whether `change` knocks before a minute is out (a knock ends the wait early, returning false).
        func knocks(_ change: () throws -> Void) async throws -> Bool {
            try change()
            let started = ContinuousClock.now
            let rung = await doorbell.wait(upTo: .seconds(60))
            return !rung && ContinuousClock.now - started < .seconds(60)
        }
        func append(_ name: String) throws {
            let handle = try FileHandle(forWritingTo: folder.appendingPathComponent(name))
            try handle.seekToEnd()
            try handle.write(contentsOf: Data("y".utf8))
            try handle.close()
        }
        #expect(try await knocks { try append("timetracker.db") })
        #expect(try await knocks { try append("timetracker.db-wal") })
        #expect(try await knocks { try FileManager.default.removeItem(at: folder.appendingPathComponent("timetracker.db-journal")) })
        // Another file: the wait runs its time out (a second here).
        try append("other.txt")
        let started = ContinuousClock.now
        #expect(await doorbell.wait(upTo: .seconds(1)) == false)
        #expect(ContinuousClock.now - started >= .seconds(1), "a write to another file knocked")
    }
}

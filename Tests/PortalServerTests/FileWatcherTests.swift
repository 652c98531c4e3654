import Foundation
import Synchronization
import Testing

@testable import PortalServer

/// A write to the database file, to its log, and the deletion of its journal are each reported by the file
/// watcher (which the poll loop turns into a knock on its doorbell); a write to another file of the folder
/// is not.
@Suite struct FileWatcherTests {
    /// How many times the watcher reported a write, counted on its own thread.
    final class Count: Sendable {
        let value = Mutex(0)
        var now: Int { value.withLock { $0 } }
    }

    @Test func writesToTheDatabasesFilesAreReported() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("watch-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let database = folder.appendingPathComponent("timetracker.db")
        for name in ["timetracker.db", "timetracker.db-wal", "timetracker.db-journal", "other.txt"] {
            try Data("x".utf8).write(to: folder.appendingPathComponent(name))
        }
        let count = Count()
        let watcher = try #require(FileWatcher(database: database) { count.value.withLock { $0 += 1 } })
        defer { watcher.stop() }
        func append(_ name: String) throws {
            let handle = try FileHandle(forWritingTo: folder.appendingPathComponent(name))
            try handle.seekToEnd()
            try handle.write(contentsOf: Data("y".utf8))
            try handle.close()
        }
        /// Whether `change` is reported (within the tests' patience: the suite's load can delay this task).
        func reported(_ change: () throws -> Void) async throws -> Bool {
            let before = count.now
            try change()
            return await eventually { count.now > before }
        }
        #expect(try await reported { try append("timetracker.db") })
        #expect(try await reported { try append("timetracker.db-wal") })
        #expect(try await reported { try FileManager.default.removeItem(at: folder.appendingPathComponent("timetracker.db-journal")) })
        // Another file: once the reports above have settled, nothing more for a second.
        var settled = count.now
        while true {
            try await Task.sleep(for: .milliseconds(500))
            if count.now == settled { break }
            settled = count.now
        }
        try append("other.txt")
        try await Task.sleep(for: .seconds(1))
        #expect(count.now == settled, "a write to another file was reported")
    }
}

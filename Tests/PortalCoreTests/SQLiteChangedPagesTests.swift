import Foundation
import PortalDemo
import PortalTestSupport
import Testing

@testable import PortalCore

/// Which rows sit on the pages written since the last look (``SQLiteChangedPages``), on copies of TimeTracker's
/// own SQLite sample in its rollback-journal mode and in WAL mode: nothing after no commit, the edited row
/// among a page's worth after an edit, "cannot tell" at a first look, after a row long enough to need overflow
/// pages and after the log restarted; the quick look (``EditedRows``) on that path still names exactly the
/// edited row's client.
@Suite(.enabled(if: FileManager.default.fileExists(atPath: samplePath))) struct SQLiteChangedPagesTests {
    @Test(arguments: ["delete", "wal"]) func editedRowsAreOnTheWrittenPages(mode: String) async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("pages-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("timetracker.db").path
        try FileManager.default.copyItem(atPath: samplePath, toPath: path)
        let set = try await ChildProcess.run(URL(fileURLWithPath: "/usr/bin/sqlite3"), [path, "PRAGMA journal_mode = \(mode)"])
        #expect(set.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == mode, "\(set.stderr)")
        let location = DatabaseLocation.sqlite(URL(fileURLWithPath: path))
        let reader = try PortalDatabase(location: location)
        let writer = try SourceWriter(location: location)
        func look(_ mark: PageMark?) throws -> (rowids: Set<Int64>?, mark: PageMark?) {
            let (rowids, pages) = try reader.read(changedSince: mark) { _, rowids in rowids }
            return (rowids, pages)
        }

        // In WAL mode the log exists while a connection that wrote is open.
        try writer.execute("UPDATE clients SET name = name WHERE id = (SELECT min(id) FROM clients)")
        var (rowids, mark) = try look(nil)
        #expect(rowids == nil, "a first look cannot tell what changed before it")
        (rowids, mark) = try look(mark)
        #expect(rowids == [], "no commit, no rows: \(rowids.map { $0.sorted() } ?? [])")

        let entries = try reader.read { try $0.ints("SELECT id FROM time_entries ORDER BY id") }
        let edited = try #require(entries.dropFirst(entries.count / 2).first)
        try writer.execute("UPDATE time_entries SET notes = 'Edited in place', updated_at = '2099-01-01 00:00:00.000000' WHERE id = \(edited)")
        (rowids, mark) = try look(mark)
        #expect(rowids?.contains(edited) == true, "the edited entry \(edited) is on a written page: \(rowids.map { $0.sorted() } ?? [])")
        #expect((rowids?.count ?? .max) < entries.count / 2, "a page's rows, not the table's: \(rowids?.count ?? -1) of \(entries.count)")

        // A row longer than a page spills into overflow pages, whose rows the look cannot read.
        let long = String(repeating: "Long note. ", count: 2_000)
        try writer.execute("UPDATE time_entries SET notes = :notes WHERE id = \(edited)", ["notes": .text(long)])
        (rowids, mark) = try look(mark)
        #expect(rowids == nil, "overflow pages were written: \(rowids.map { $0.sorted() } ?? [])")
        (rowids, mark) = try look(mark)
        #expect(rowids == [], "and the look after it can tell again")

        if mode == "wal" {
            // A checkpoint after every commit: the next commit starts the log again, over frames the look
            // has not read.
            try writer.execute("PRAGMA wal_autocheckpoint = 1")
            try writer.execute("UPDATE time_entries SET notes = 'Checkpointed' WHERE id = \(edited)")
            try writer.execute("UPDATE time_entries SET notes = 'In a new log' WHERE id = \(edited)")
            (rowids, mark) = try look(mark)
            #expect(rowids == nil, "after the log restarted: \(rowids.map { $0.sorted() } ?? [])")
        }

        // The quick look on this path: the client of a stamped edit, and no other.
        var edits = try EditedRows.read(reader, since: nil).mark
        #expect(edits.pages != nil)
        edits = try EditedRows.read(reader, since: edits).mark
        let owners = try reader.read { db in
            try Set(
                OwnedTable.owners(db.schema, db.dialect).filter { $0.table == "time_entries" }.flatMap { try db.clients(owning: $0, where: "x.id = \(edited)") }
            )
        }
        try writer.execute("UPDATE time_entries SET updated_at = '2099-01-02 00:00:00.000000' WHERE id = \(edited)")
        let found = try EditedRows.read(reader, since: edits)
        #expect(!owners.isEmpty && found.clients == owners, "the look names \(found.clients.sorted()), the entry is \(owners.sorted())'s")
    }
}

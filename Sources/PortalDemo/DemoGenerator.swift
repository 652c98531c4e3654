import Foundation
import GRDB
import PortalCore

/// Writes a TimeTracker 5.10 schema database full of realistic, varied demo data.
///
/// Covers what a portal must handle: Unicode and HTML-special names, several currencies, every invoice and
/// payment status, credit notes, extra goods and expenses, running timers, entries booked straight to the
/// client, internal and client-visible comments, activities (including ones a client must not see),
/// dashboard preferences and `client_portal_customizations` rows with hostile values. Values are stored as
/// TimeTracker stores them (see FORMATS.md): app-local and UTC clocks, NUMERIC as floats, JSON as text.
package struct DemoGenerator {
    package let options: DemoOptions

    package init(options: DemoOptions) { self.options = options }

    /// The bundled TimeTracker schema (`schema.sql` of TimeTracker 5.10 on SQLite).
    static func schemaSQL() throws -> String {
        guard let url = Bundle.module.url(forResource: "timetracker-schema", withExtension: "sql") else {
            throw DemoError(message: "the bundled TimeTracker schema is missing from this build of portalgen")
        }
        return try String(contentsOf: url, encoding: .utf8)
    }

    /// Writes the demo into `location`: a SQLite file is created (replacing an existing one); a PostgreSQL
    /// database must have TimeTracker's schema and be empty unless `replace`. Returns row counts per table.
    @discardableResult
    package func write(to location: DatabaseLocation, replace: Bool = false) throws -> [String: Int] {
        switch location {
        case .sqlite(let url): return try write(to: url.path)
        case .postgres(let server):
            let staging = FileManager.default.temporaryDirectory.appendingPathComponent("portalgen-demo-\(UUID().uuidString).sqlite").path
            defer { for suffix in ["", "-wal", "-shm", "-journal"] { try? FileManager.default.removeItem(atPath: staging + suffix) } }
            let counts = try write(to: staging)
            try PostgresDemoLoader.load(sqlite: staging, into: server, replace: replace)
            return counts
        }
    }

    /// Creates `path` (replacing an existing file) and fills it. Returns row counts per table.
    @discardableResult
    package func write(to path: String) throws -> [String: Int] {
        for suffix in ["", "-wal", "-shm", "-journal"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        let folder = (path as NSString).deletingLastPathComponent
        if !folder.isEmpty { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) }
        let queue = try DatabaseQueue(path: path)
        let statements = try Self.schemaSQL().components(separatedBy: ";\n").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty }
        try queue.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA journal_mode = \(options.journalMode == "delete" ? "DELETE" : "WAL")")
            for statement in statements where statement.hasPrefix("CREATE TABLE") { try db.execute(sql: statement) }
        }
        var counts: [String: Int] = [:]
        try queue.inTransaction { db in
            var state = DemoState(writer: DemoWriter(db, now: options.now), options: options)
            try state.fill()
            counts = state.counts
            return .commit
        }
        try queue.writeWithoutTransaction { db in
            for statement in statements where statement.hasPrefix("CREATE INDEX") || statement.hasPrefix("CREATE UNIQUE INDEX") {
                try db.execute(sql: statement)
            }
            try db.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)")
        }
        return counts
    }
}

extension DemoGenerator {
    /// Writes the files the demo's attachment rows name into `folder` (TimeTracker's static folder, the one
    /// that holds `uploads/`), each with contents made from its path; files named `missing_…` are left out,
    /// as a deployment that lost a file would. Returns how many were written.
    @discardableResult
    package static func writeUploads(of database: PortalDatabase, into folder: URL) throws -> Int {
        let paths: [String] = try database.read { db in
            var paths: [String] = []
            for table in ["client_attachments", "project_attachments"] where db.schema.has(table) {
                try db.forEach("SELECT file_path, file_size FROM \(table) ORDER BY id", [:]) { row in
                    if case .text(let path) = row[0] { paths.append(path) }
                }
            }
            return paths
        }
        var written = 0
        for path in paths where !path.contains("missing_") && !path.contains("..") && !path.hasPrefix("/") {
            let name = (path as NSString).lastPathComponent
            let target = folder.appendingPathComponent("uploads").appendingPathComponent(name)
            try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data("portalgen demo document \(path)\n".utf8).write(to: target)
            written += 1
        }
        return written
    }
}

/// The demo could not be written.
package struct DemoError: Error, CustomStringConvertible {
    package var message: String
    package var description: String { message }
}

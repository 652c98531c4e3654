import Foundation
import GRDB

// glibc's `struct stat` reaches Swift through CoreFoundation's module on Linux, so its members need that import.
#if canImport(CoreFoundation)
import CoreFoundation
#endif

/// TimeTracker's SQLite database through GRDB: opened read-only with `query_only`, one read transaction per
/// snapshot, a busy or locked database waited for and retried.
final class SQLiteConnection: SourceConnection {
    let path: String
    private let queue: DatabaseQueue
    let schema: TimeTrackerSchema
    var dialect: SQLDialect { .sqlite }

    init(path: String) throws {
        self.path = path
        guard FileManager.default.fileExists(atPath: path) else {
            throw DatabaseOpenError(
                path: path,
                message:
                    "does not exist; set \"database\" in config.json to TimeTracker's SQLite file or PostgreSQL URL, or run `portalgen demo` for a demo database"
            )
        }
        var configuration = Configuration()
        configuration.readonly = true
        configuration.busyMode = .timeout(5)
        configuration.label = "portalgen.read"
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA query_only = 1")
            try RowDigest.register(in: db)
            try RowSums.register(in: db)
        }
        do {
            queue = try DatabaseQueue(path: path, configuration: configuration)
            schema = try queue.read { db in try TimeTrackerSchema.check(tables: try Self.tables(db)) }
        } catch let error as DatabaseError {
            throw DatabaseOpenError(path: path, message: Self.explain(error))
        }
    }

    /// The columns of every table portalgen reads that exists.
    static func tables(_ db: Database) throws -> [String: Set<String>] {
        var columns: [String: Set<String>] = [:]
        for table in TimeTrackerSchema.tables where try db.tableExists(table) {
            columns[table] = Set(try db.columns(in: table).map { $0.name.lowercased() })
        }
        return columns
    }

    func read<T>(_ body: (any SourceSnapshot) throws -> T) throws -> T {
        try read(database: { db in try body(Snapshot(db: db, schema: schema)) })
    }

    /// One read transaction on the connection itself, retried while the database is busy.
    private func read<T>(database body: (Database) throws -> T) throws -> T {
        var attempt = 0
        while true {
            do {
                return try queue.read(body)
            } catch let error as DatabaseError where [.SQLITE_BUSY, .SQLITE_LOCKED].contains(error.resultCode) && attempt < 5 {
                attempt += 1
                Thread.sleep(forTimeInterval: 0.05 * Double(attempt * attempt))
            } catch let error as DatabaseError {
                throw DatabaseOpenError(path: path, message: Self.explain(error))
            }
        }
    }

    /// The rowids on the pages written since `previous` (``SQLiteChangedPages``): the log's new frames, read
    /// before the transaction starts, in WAL mode; every page's hash, read while the transaction holds its
    /// shared lock, in rollback-journal mode. More rows than reading them one by one is worth count as
    /// "cannot tell".
    func read<T>(
        changedSince previous: PageMark?, _ body: (any SourceSnapshot, _ rowids: Set<Int64>?) throws -> T
    ) throws -> (
        value: T, pages: PageMark?
    ) {
        let log = SQLiteChangedPages.logFrames(of: path, after: previous)
        var look = log
        let value = try read(database: { db -> T in
            // A first read takes the shared lock that keeps writers out in rollback-journal mode.
            _ = try Int.fetchOne(db, sql: "SELECT count(*) FROM sqlite_schema")
            if let file = SQLiteFile(db), let header = file.header() {
                look = header.wal ? log : SQLiteChangedPages.filePages(of: file, pageSize: header.pageSize, after: previous)
            } else {
                look = SQLiteChangedPages.Look(mark: nil, rowids: nil)
            }
            if let rowids = look.rowids, rowids.count > Self.rowidsWorthLookingUp { look.rowids = nil }
            return try body(Snapshot(db: db, schema: schema), look.rowids)
        })
        return (value, look.mark)
    }

    /// More changed rows than this are found faster by reading every row's `updated_at`.
    static let rowidsWorthLookingUp = 20_000

    /// `PRAGMA data_version`: changes only when another connection commits.
    func changeToken() throws -> String {
        try read { try $0.text("PRAGMA data_version") ?? "" }
    }

    /// The file's inode: a restore replaces the file.
    func identity() throws -> String {
        var info = stat()
        return stat(path, &info) == 0 ? String(info.st_ino) : ""
    }

    func close() { try? queue.close() }

    static func explain(_ error: DatabaseError) -> String {
        switch error.resultCode {
        case .SQLITE_NOTADB, .SQLITE_CORRUPT: return "is not a readable SQLite database (\(error.message ?? "corrupt")); restore it from a backup"
        case .SQLITE_BUSY, .SQLITE_LOCKED: return "stayed locked by another process; portalgen will retry on the next build"
        case .SQLITE_CANTOPEN, .SQLITE_PERM, .SQLITE_READONLY:
            return "cannot be opened for reading (\(error.message ?? "permission denied")); check the file and folder permissions"
        default: return "failed: \(error.message ?? "\(error.resultCode)")"
        }
    }

    private struct Snapshot: SourceSnapshot {
        let db: Database
        let schema: TimeTrackerSchema
        var dialect: SQLDialect { .sqlite }

        func forEach(_ sql: String, _ arguments: [String: SourceValue], _ body: (any SourceRow) throws -> Void) throws {
            let values = StatementArguments(arguments.mapValues { $0.databaseValue })
            let cursor = try Row.fetchCursor(db, sql: sql, arguments: values)
            let names = cursor.columnNames
            while let row = try cursor.next() { try body(SQLiteRow(row: row, columnNames: names)) }
        }
    }
}

/// A GRDB row seen as a ``SourceRow``.
private struct SQLiteRow: SourceRow {
    let row: Row
    let columnNames: [String]

    subscript(_ index: Int) -> SourceValue {
        switch (row[index] as DatabaseValue).storage {
        case .null: .null
        case .int64(let value): .int(value)
        case .double(let value): .double(value)
        case .string(let text): .text(text)
        case .blob(let data): .blob([UInt8](data))
        }
    }
}

extension SourceValue {
    package var databaseValue: DatabaseValue {
        switch self {
        case .null: .null
        case .int(let value): value.databaseValue
        case .double(let value): value.databaseValue
        case .decimal(let value): value.description.databaseValue
        case .bool(let value): (value ? 1 : 0).databaseValue
        case .text(let text): text.databaseValue
        case .blob(let bytes): Data(bytes).databaseValue
        }
    }
}

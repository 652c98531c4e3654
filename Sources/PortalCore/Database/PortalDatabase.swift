import Foundation
import GRDB

/// A read-only, briefly held connection to TimeTracker's SQLite database.
///
/// Every read runs in one short transaction (one consistent snapshot) with `query_only` set. A busy or
/// locked database is waited for and retried, never fatal on the first try.
public final class PortalDatabase: Sendable {
    public let path: String
    let queue: DatabaseQueue
    public let schema: TimeTrackerSchema

    /// Opens `path` read-only and checks its schema.
    public init(path: String) throws {
        self.path = path
        guard FileManager.default.fileExists(atPath: path) else {
            throw DatabaseOpenError(path: path, message: "does not exist; set \"database\" in config.json to TimeTracker's SQLite file, or run `portalgen demo` for a demo database")
        }
        var configuration = Configuration()
        configuration.readonly = true
        configuration.busyMode = .timeout(5)
        configuration.label = "portalgen.read"
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA query_only = 1")
        }
        do {
            queue = try DatabaseQueue(path: path, configuration: configuration)
            schema = try queue.read { db in try TimeTrackerSchema.inspect(db) }
        } catch let error as SchemaError {
            throw error
        } catch let error as DatabaseError {
            throw DatabaseOpenError(path: path, message: Self.explain(error))
        }
    }

    /// Runs `body` inside one read transaction, retrying a few times when the database is busy or locked.
    public func read<T>(_ body: (Database) throws -> T) throws -> T {
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

    static func explain(_ error: DatabaseError) -> String {
        switch error.resultCode {
        case .SQLITE_NOTADB, .SQLITE_CORRUPT: return "is not a readable SQLite database (\(error.message ?? "corrupt")); restore it from a backup"
        case .SQLITE_BUSY, .SQLITE_LOCKED: return "stayed locked by another process; portalgen will retry on the next build"
        case .SQLITE_CANTOPEN, .SQLITE_PERM, .SQLITE_READONLY: return "cannot be opened for reading (\(error.message ?? "permission denied")); check the file and folder permissions"
        default: return "failed: \(error.message ?? "\(error.resultCode)")"
        }
    }
}

/// The database could not be opened or read.
public struct DatabaseOpenError: Error, CustomStringConvertible, Sendable {
    public var path: String
    public var message: String
    public var description: String { "database \(path) \(message)" }
}

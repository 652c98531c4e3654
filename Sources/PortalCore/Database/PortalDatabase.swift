import Foundation

/// A read-only, briefly held connection to TimeTracker's database, SQLite or PostgreSQL.
///
/// Every read runs in one short read-only transaction (one consistent snapshot). Page code, scopes and
/// fingerprints see ``SourceSnapshot``s only; the backend's types stay in `Source/SQLite` and `Source/Postgres`.
public final class PortalDatabase: Sendable {
    public let location: DatabaseLocation
    let connection: any SourceConnection

    /// Opens `location` read-only and checks its schema (and, on PostgreSQL, the `SELECT` privileges).
    public init(location: DatabaseLocation) throws {
        self.location = location
        switch location {
        case .sqlite(let url): connection = try SQLiteConnection(path: url.path)
        case .postgres(let server): connection = try PostgresSourceConnection(location: server)
        }
    }

    /// Opens a SQLite file.
    public convenience init(path: String) throws {
        try self.init(location: .sqlite(URL(fileURLWithPath: path)))
    }

    deinit { connection.close() }

    public var schema: TimeTrackerSchema { connection.schema }
    package var dialect: SQLDialect { connection.dialect }

    /// Runs `body` inside one read-only transaction.
    package func read<T>(_ body: (any SourceSnapshot) throws -> T) throws -> T {
        try connection.read(body)
    }

    /// Changes when another connection commits (see ``SourceConnection/changeToken()``).
    public func changeToken() throws -> String { try connection.changeToken() }

    /// Changes when the database is replaced.
    public func identity() throws -> String { try connection.identity() }
}

/// The database could not be opened or read.
public struct DatabaseOpenError: Error, CustomStringConvertible, Sendable {
    public var path: String
    public var message: String
    public var description: String { "database \(path) \(message)" }
}

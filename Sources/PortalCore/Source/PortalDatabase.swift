import Foundation

/// A read-only, briefly held connection to TimeTracker's database, SQLite or PostgreSQL.
///
/// Every read runs in one short read-only transaction (one consistent snapshot). Page code, scopes and
/// fingerprints see ``SourceSnapshot``s only; the backends' types stay in `Source/SQLite` and in the
/// `PortalPostgres` target (``PostgresDriver``).
package final class PortalDatabase: Sendable {
    package let location: DatabaseLocation
    let connection: any SourceConnection

    /// Opens `location` read-only and checks its schema (and, on PostgreSQL, the `SELECT` privileges).
    package init(location: DatabaseLocation) throws {
        self.location = location
        switch location {
        case .sqlite(let url): connection = try SQLiteConnection(path: url.path)
        case .postgres(let server): connection = try PostgresDrivers.driver(for: server).open(server)
        }
    }

    /// Opens a SQLite file.
    package convenience init(path: String) throws {
        try self.init(location: .sqlite(URL(fileURLWithPath: path)))
    }

    deinit { connection.close() }

    package var schema: TimeTrackerSchema { connection.schema }
    package var dialect: SQLDialect { connection.dialect }

    /// Runs `body` inside one read-only transaction.
    package func read<T>(_ body: (any SourceSnapshot) throws -> T) throws -> T {
        try connection.read(body)
    }

    /// Runs `body` inside one read-only transaction, with the rowids on the pages written since `pages` (see
    /// ``SourceConnection/read(changedSince:_:)``).
    package func read<T>(
        changedSince pages: PageMark?, _ body: (any SourceSnapshot, _ rowids: Set<Int64>?) throws -> T
    ) throws -> (
        value: T, pages: PageMark?
    ) {
        try connection.read(changedSince: pages, body)
    }

    /// Changes when another connection commits (see ``SourceConnection/changeToken()``).
    package func changeToken() throws -> String { try connection.changeToken() }

    /// Changes when the database is replaced.
    package func identity() throws -> String { try connection.identity() }
}

/// The database could not be opened or read.
package struct DatabaseOpenError: Error, CustomStringConvertible, Sendable {
    package var path: String
    package var message: String
    package var description: String { "database \(path) \(message)" }

    package init(path: String, message: String) {
        self.path = path
        self.message = message
    }
}

import Foundation
import GRDB
import PortalCore
import PortalPostgres
import PostgresNIO

/// A writing connection, for the benchmark and the tests that play TimeTracker: portalgen itself never
/// writes to TimeTracker's database. Parameters are `:name`, as in ``SourceSnapshot``.
package final class SourceWriter: @unchecked Sendable {
    private enum Backend {
        case sqlite(DatabaseQueue)
        case postgres(PostgresConnection, PostgresLocation)
    }

    private let backend: Backend
    private let lock = NSLock()
    package var dialect: SQLDialect {
        if case .sqlite = backend { return .sqlite }
        return .postgres
    }

    package init(location: DatabaseLocation) throws {
        switch location {
        case .sqlite(let url):
            // As TimeTracker's Python driver does: wait up to 5 s for readers (a rollback journal's readers
            // hold off a commit while they read).
            var configuration = Configuration()
            configuration.busyMode = .timeout(5)
            backend = .sqlite(try DatabaseQueue(path: url.path, configuration: configuration))
        case .postgres(let server): backend = .postgres(try PostgresSourceConnection.connect(server, readOnly: false), server)
        }
    }

    deinit {
        if case .postgres(let connection, _) = backend { try? connection.close().wait() }
    }

    /// Runs one statement in its own transaction (committed when this returns).
    package func execute(_ sql: String, _ arguments: [String: SourceValue] = [:]) throws {
        try lock.withLock {
            switch backend {
            case .sqlite(let queue):
                try queue.write { db in try db.execute(sql: sql, arguments: StatementArguments(arguments.mapValues { $0.databaseValue })) }
            case .postgres(let connection, let location):
                let (positional, names) = NamedParameters.positional(sql)
                _ = try PostgresSourceConnection.rows(connection, positional, names.map { arguments[$0] ?? .null }, location: location)
            }
        }
    }
}

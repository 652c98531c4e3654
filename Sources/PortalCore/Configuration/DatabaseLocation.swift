import Foundation

/// Where TimeTracker's database is: a SQLite file, or a PostgreSQL server named by a libpq URI.
package enum DatabaseLocation: Sendable, Hashable, CustomStringConvertible {
    case sqlite(URL)
    case postgres(PostgresLocation)

    /// `value` as written in config.json or on the command line: `postgres://` / `postgresql://` URIs name a
    /// server, anything else a SQLite file (relative paths resolved by `resolve`). `passwordEnv` names the
    /// environment variable that holds the server's password, if the admin chose one.
    package static func parse(_ value: String, passwordEnv: String? = nil, resolve: (String) -> URL) throws -> DatabaseLocation {
        if value.hasPrefix("postgres://") || value.hasPrefix("postgresql://") {
            return .postgres(try PostgresLocation(uri: value, passwordEnv: passwordEnv))
        }
        return .sqlite(resolve(value))
    }

    /// The SQLite file, if the database is one.
    package var sqlitePath: String? {
        if case .sqlite(let url) = self { return url.path }
        return nil
    }

    /// For messages: the file, or the URI without any password.
    package var description: String {
        switch self {
        case .sqlite(let url): url.path
        case .postgres(let location): location.description
        }
    }
}

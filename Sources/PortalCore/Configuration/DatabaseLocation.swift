import Foundation

/// Where TimeTracker's database is: a SQLite file, or a PostgreSQL server named by a libpq URI.
package enum DatabaseLocation: Sendable, Hashable, CustomStringConvertible {
    case sqlite(URL)
    case postgres(PostgresLocation)

    /// `value` as written in config.json or on the command line: `postgres://` / `postgresql://` URIs name a
    /// server, anything else a SQLite file (relative paths resolved by `resolve`). `passwordEnv` names the
    /// environment variable that holds the server's password, if the admin chose one.
    package static func parse(_ value: String, passwordEnv: String? = nil, resolve: (String) -> URL) throws -> DatabaseLocation {
        let lower = value.lowercased()
        if lower.hasPrefix("postgres://") || lower.hasPrefix("postgresql://") {
            return .postgres(try PostgresLocation(uri: value, passwordEnv: passwordEnv))
        }
        // Never taken for a file name (which messages would print, password and all): a libpq keyword string
        // (`host=db dbname=tt password=…`) or another scheme.
        if Self.looksLikeKeywords(value) {
            throw ConfigurationError(
                file: "config.json",
                message:
                    "\"database\" looks like a libpq keyword string (host=… dbname=…); write it as a URI like postgresql://portal_ro@db:5432/timetracker, with the password in PGPASSWORD, ~/.pgpass or the variable named by \"databasePasswordEnv\""
            )
        }
        if let colon = value.firstIndex(of: ":"), value[colon...].hasPrefix("://") {
            throw ConfigurationError(
                file: "config.json",
                message:
                    "\"database\" has the scheme \(String(String(value[..<colon]).prefix(20)).quotedForLog); use a postgresql:// URI or the path of a SQLite file"
            )
        }
        return .sqlite(resolve(value))
    }

    /// Whether `value` reads as libpq's `keyword=value` connection string rather than a path.
    static func looksLikeKeywords(_ value: String) -> Bool {
        let keywords = ["host", "hostaddr", "port", "dbname", "user", "password", "passfile", "sslmode", "service"]
        return value.split(whereSeparator: \.isWhitespace).contains { word in
            guard let equals = word.firstIndex(of: "=") else { return false }
            return keywords.contains(word[..<equals].lowercased())
        }
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

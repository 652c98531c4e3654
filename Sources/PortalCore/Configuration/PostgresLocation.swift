import Foundation

/// A PostgreSQL server and database in libpq's URI form,
/// `postgresql://portal_ro@db.internal:5432/timetracker?sslmode=require&sslrootcert=/etc/ssl/db-ca.pem`.
///
/// The password never sits in config.json: it comes from the variable named by `databasePasswordEnv`, else
/// `PGPASSWORD`, else the password file (`PGPASSFILE` or `~/.pgpass`), as libpq does.
package struct PostgresLocation: Sendable, Hashable, CustomStringConvertible {
    package var host: String
    package var port: Int
    package var user: String
    package var database: String
    package var sslMode: SSLMode
    /// CA certificates (PEM) that verify the server under `verify-ca` / `verify-full`.
    package var sslRootCert: String?
    /// The environment variable that holds the password (config.json's `databasePasswordEnv`).
    package var passwordEnv: String?
    /// Seconds before a connection attempt is given up (`connect_timeout`).
    package var connectTimeout: Int

    /// libpq's `sslmode` values that portalgen supports.
    package enum SSLMode: String, Sendable, Hashable, CaseIterable {
        case disable, prefer, require
        case verifyCA = "verify-ca"
        case verifyFull = "verify-full"
    }

    package init(uri: String, passwordEnv: String? = nil) throws {
        func fail(_ message: String) -> ConfigurationError {
            ConfigurationError(file: "config.json", message: "\"database\" \(message)")
        }
        guard let components = URLComponents(string: uri), let scheme = components.scheme?.lowercased(), ["postgres", "postgresql"].contains(scheme) else {
            throw fail("is not a PostgreSQL URI like postgresql://portal_ro@db.internal:5432/timetracker?sslmode=require")
        }
        if components.password != nil {
            throw fail(
                "holds a password; remove it from the URI and put it in PGPASSWORD, ~/.pgpass, or the variable named by \"databasePasswordEnv\"")
        }
        host = components.host.flatMap { $0.isEmpty ? nil : $0 } ?? "localhost"
        port = components.port ?? 5432
        user = components.user?.removingPercentEncoding ?? ProcessInfo.processInfo.environment["PGUSER"] ?? NSUserName()
        let path = components.path.hasPrefix("/") ? String(components.path.dropFirst()) : components.path
        database = path.isEmpty ? user : (path.removingPercentEncoding ?? path)
        sslMode = .prefer
        connectTimeout = 10
        self.passwordEnv = passwordEnv
        for item in components.queryItems ?? [] {
            let value = item.value ?? ""
            switch item.name {
            case "sslmode":
                guard let mode = SSLMode(rawValue: value) else {
                    throw fail("has sslmode=\(value); use one of \(SSLMode.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                sslMode = mode
            case "sslrootcert": sslRootCert = value
            case "connect_timeout":
                guard let seconds = Int(value), (1...3600).contains(seconds) else {
                    throw fail("has connect_timeout=\(value); use whole seconds from 1 to 3600")
                }
                connectTimeout = seconds
            case "application_name", "options": break
            case "password", "passfile":
                throw fail(
                    "holds a password; remove it from the URI and put it in PGPASSWORD, ~/.pgpass, or the variable named by \"databasePasswordEnv\"")
            default: throw fail("has the parameter \"\(item.name)\", which portalgen does not support (sslmode, sslrootcert, connect_timeout)")
            }
        }
    }

    /// The password from the environment or the password file; nil when none is set (trust or peer auth).
    package func password(environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        if let name = passwordEnv, let value = environment[name] { return value }
        if let value = environment["PGPASSWORD"] { return value }
        let file = environment["PGPASSFILE"] ?? (environment["HOME"] ?? NSHomeDirectory()) + "/.pgpass"
        guard let text = try? String(contentsOfFile: file, encoding: .utf8) else { return nil }
        return Self.passwordFileEntry(text, host: host, port: port, database: database, user: user)
    }

    /// The password of the first line of a `.pgpass` file that matches (`host:port:database:user:password`,
    /// `*` matching anything, `\:` and `\\` escaped), as libpq reads it.
    static func passwordFileEntry(_ text: String, host: String, port: Int, database: String, user: String) -> String? {
        for line in text.split(whereSeparator: \.isNewline) where !line.hasPrefix("#") {
            var fields: [String] = []
            var field = ""
            var escaped = false
            for character in line {
                if escaped {
                    field.append(character)
                    escaped = false
                } else if character == "\\" {
                    escaped = true
                } else if character == ":" && fields.count < 4 {
                    fields.append(field)
                    field = ""
                } else {
                    field.append(character)
                }
            }
            fields.append(field)
            guard fields.count == 5 else { continue }
            let wanted = [host, String(port), database, user]
            if zip(fields.prefix(4), wanted).allSatisfy({ $0 == "*" || $0 == $1 }) { return fields[4] }
        }
        return nil
    }

    /// The URI without any secret, for messages and logs.
    package var description: String {
        "postgresql://\(user)@\(host):\(port)/\(database)?sslmode=\(sslMode.rawValue)"
    }
}

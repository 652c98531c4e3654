import PortalCore
import PostgresNIO

/// A PostgreSQL failure as one line an admin can act on: what happened, on which server, and what to do.
struct PostgresSourceError: Error, CustomStringConvertible, Sendable {
    let location: PostgresLocation
    let message: String

    init(location: PostgresLocation, message: String) {
        self.location = location
        self.message = message
    }

    init(location: PostgresLocation, _ error: any Error) {
        self.location = location
        if let already = error as? PostgresSourceError {
            message = already.message
            return
        }
        guard let error = error as? PSQLError else {
            message = "failed: \(error)"
            return
        }
        let server = error.serverInfo?[.message] ?? ""
        switch (error.code, error.serverInfo?[.sqlState] ?? "") {
        case (.server, "28P01"), (.server, "28000"):
            message =
                "refused the login of \(location.user) (\(server)); set the password in PGPASSWORD, ~/.pgpass or the variable named by \"databasePasswordEnv\", and check pg_hba.conf"
        case (.server, "3D000"):
            message = "has no database \(location.database) (\(server)); check the database name in the URI"
        case (.server, "42501"):
            message = "denied a read (\(server)); as the tables' owner run GRANT SELECT ON ALL TABLES IN SCHEMA public TO \(location.user);"
        case (.server, "57014"):
            message =
                "cancelled a query (\(server)): statement_timeout was hit; raise it for role \(location.user) (ALTER ROLE … SET statement_timeout) or build fewer clients at once"
        case (.server, let state) where state.hasPrefix("57P") || state.hasPrefix("08"):
            message = "closed the connection (\(server)); the server is restarting or shutting down, portalgen retries"
        case (.server, let state):
            message = "failed a query (\(state): \(server))"
        case (.sslUnsupported, _):
            message =
                "does not offer TLS, but sslmode=\(location.sslMode.rawValue) requires it; enable ssl on the server, or use sslmode=disable only on a trusted network"
        case (.connectionError, _):
            message =
                "cannot be reached (\(error.underlying.map { "\($0)" } ?? "connection failed")); is PostgreSQL running and listening on \(location.host):\(location.port)?"
        case (.serverClosedConnection, _), (.uncleanShutdown, _), (.clientClosedConnection, _):
            message = "closed the connection; the server restarted or the network dropped, portalgen retries"
        case (.authMechanismRequiresPassword, _):
            message = "asks \(location.user) for a password and none is set; put it in PGPASSWORD, ~/.pgpass or the variable named by \"databasePasswordEnv\""
        case (.failedToAddSSLHandler, _), (.receivedUnencryptedDataAfterSSLRequest, _):
            message = "TLS handshake failed (\(error.underlying.map { "\($0)" } ?? "")); check sslmode and sslrootcert"
        default:
            message = "failed: \(error.underlying.map { "\($0)" } ?? String(reflecting: error.code))"
        }
    }

    var description: String { "database \(location) \(message)" }
}

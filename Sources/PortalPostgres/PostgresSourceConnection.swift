import Foundation
import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import NIOSSL
import PortalCore
import PostgresNIO

/// TimeTracker's PostgreSQL database through PostgresNIO: one connection, every snapshot a
/// `BEGIN READ ONLY ISOLATION LEVEL REPEATABLE READ` transaction, `default_transaction_read_only` on, and a
/// `statement_timeout` so a slow query never holds TimeTracker's tables for long.
///
/// The rest of portalgen is synchronous and reads on its own worker threads, so each query waits for its
/// future there; NIO's event loops run on threads of their own. A dropped connection (server restart,
/// network) is reopened at the next read.
package final class PostgresSourceConnection: SourceConnection, @unchecked Sendable {
    let location: PostgresLocation
    package let schema: TimeTrackerSchema
    package var dialect: SQLDialect { .postgres }
    /// Guards `connection`; a connection runs one transaction at a time.
    private let lock = NSLock()
    private var connection: PostgresConnection?
    private static let logger = Logger(label: "portalgen.postgres")

    init(location: PostgresLocation) throws {
        self.location = location
        let connection = try Self.connect(location)
        self.connection = connection
        do {
            schema = try Self.inspect(connection, location: location)
        } catch {
            try? connection.close().wait()
            throw error
        }
    }

    deinit { close() }

    package func close() {
        lock.withLock {
            if let connection { try? connection.close().wait() }
            connection = nil
        }
    }

    package func read<T>(_ body: (any SourceSnapshot) throws -> T) throws -> T {
        try lock.withLock {
            let connection = try open()
            do {
                try Self.run(connection, "BEGIN READ ONLY ISOLATION LEVEL REPEATABLE READ", location: location)
                let value = try body(Snapshot(connection: connection, schema: schema, location: location))
                try Self.run(connection, "COMMIT", location: location)
                return value
            } catch {
                if !Self.isUsable(connection) {
                    self.connection = nil
                } else {
                    _ = try? Self.run(connection, "ROLLBACK", location: location)
                }
                throw error
            }
        }
    }

    /// `pg_current_wal_lsn()`: moves with every commit on the server (other databases, autovacuum too). On a hot
    /// standby, where that function fails ("recovery is in progress"), `pg_last_wal_replay_lsn()`: moves as the
    /// standby replays the primary's commits, so its portals follow what it can already read.
    package func changeToken() throws -> String {
        try lock.withLock {
            let connection = try open()
            return try Self.text(
                connection, "SELECT (CASE WHEN pg_is_in_recovery() THEN pg_last_wal_replay_lsn() ELSE pg_current_wal_lsn() END)::text",
                location: location) ?? ""
        }
    }

    /// The database's oid: a dropped and restored database gets a new one.
    package func identity() throws -> String {
        try lock.withLock {
            let connection = try open()
            return try Self.text(connection, "SELECT oid::text FROM pg_database WHERE datname = current_database()", location: location) ?? ""
        }
    }

    /// The open connection, reopened when the server closed it.
    private func open() throws -> PostgresConnection {
        if let connection, Self.isUsable(connection) { return connection }
        connection = nil
        let fresh = try Self.connect(location)
        connection = fresh
        return fresh
    }

    // MARK: Connecting

    /// Opens a connection; `readOnly: false` only for the demo loader.
    package static func connect(_ location: PostgresLocation, readOnly: Bool = true) throws -> PostgresConnection {
        var configuration = PostgresConnection.Configuration(
            host: location.host, port: location.port, username: location.user, password: location.password(), database: location.database,
            tls: try tls(location))
        configuration.options.connectTimeout = .seconds(Int64(location.connectTimeout))
        configuration.options.additionalStartupParameters = [
            ("application_name", "portalgen"), ("default_transaction_read_only", readOnly ? "on" : "off"), ("DateStyle", "ISO, YMD"), ("TimeZone", "UTC"),
        ]
        let connection: PostgresConnection
        do {
            connection = try PostgresConnection.connect(on: MultiThreadedEventLoopGroup.singleton.next(), configuration: configuration, id: 1, logger: logger)
                .wait()
        } catch {
            throw PostgresSourceError(location: location, error)
        }
        // Time limits, unless the admin set them for the role or database: a stuck query or transaction
        // must not hold TimeTracker's tables.
        do {
            _ = try rows(
                connection,
                """
                SELECT set_config('statement_timeout', '120s', false) WHERE current_setting('statement_timeout') = '0'
                UNION ALL
                SELECT set_config('idle_in_transaction_session_timeout', '60s', false) WHERE current_setting('idle_in_transaction_session_timeout') = '0'
                """, [], location: location)
            recordStatementTimeout(try text(connection, "SHOW statement_timeout", location: location) ?? "", for: connection)
        } catch {
            try? connection.close().wait()
            throw error
        }
        return connection
    }

    static func tls(_ location: PostgresLocation) throws -> PostgresConnection.Configuration.TLS {
        var tls = TLSConfiguration.makeClientConfiguration()
        switch location.sslMode {
        case .disable: return .disable
        case .prefer, .require:
            // As libpq: encrypted but unverified, unless a root certificate is given (then as verify-ca).
            tls.certificateVerification = location.sslRootCert == nil ? .none : .noHostnameVerification
        case .verifyCA: tls.certificateVerification = .noHostnameVerification
        case .verifyFull: tls.certificateVerification = .fullVerification
        }
        // As libpq: the CA file is sslrootcert, else PGSSLROOTCERT, else ~/.postgresql/root.crt; "system" is the
        // system's trust store (and means verify-full). verify-ca and verify-full without any of them are refused
        // rather than trusting the system store silently, as libpq refuses them.
        var rootCert = location.sslRootCert ?? ProcessInfo.processInfo.environment["PGSSLROOTCERT"]
        if rootCert == nil, location.sslMode == .verifyCA || location.sslMode == .verifyFull {
            let home = NSHomeDirectory() + "/.postgresql/root.crt"
            guard FileManager.default.isReadableFile(atPath: home) else {
                throw PostgresSourceError(
                    location: location,
                    message:
                        "sslmode=\(location.sslMode.rawValue) needs the server's CA certificate: add sslrootcert=/path/to/ca.pem to the URI (libpq reads ~/.postgresql/root.crt), or sslrootcert=system to trust the system's certificate store"
                )
            }
            rootCert = home
        }
        if rootCert == "system" {
            tls.certificateVerification = .fullVerification
            rootCert = nil
        }
        if let file = rootCert {
            guard FileManager.default.isReadableFile(atPath: file) else {
                throw PostgresSourceError(location: location, message: "sslrootcert \(file) cannot be read; check the path and its permissions")
            }
            tls.trustRoots = .file(file)
        }
        do {
            let context = try NIOSSLContext(configuration: tls)
            return location.sslMode == .prefer ? .prefer(context) : .require(context)
        } catch {
            throw PostgresSourceError(location: location, message: "TLS could not be set up (\(error)); check sslrootcert")
        }
    }

    /// The columns of portalgen's tables in the connection's schema (from the catalog, so tables the role
    /// may not read still show), and a named error for each such table without `SELECT`.
    static func inspect(_ connection: PostgresConnection, location: PostgresLocation) throws -> TimeTrackerSchema {
        let wanted = TimeTrackerSchema.tables.map { "'\($0)'" }.joined(separator: ",")
        var columns: [String: Set<String>] = [:]
        var denied = Set<String>()
        let sql = """
            SELECT c.relname::text, a.attname::text, has_table_privilege(c.oid, 'SELECT')
            FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace JOIN pg_attribute a ON a.attrelid = c.oid
            WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p', 'v', 'm') AND a.attnum > 0 AND NOT a.attisdropped
              AND c.relname IN (\(wanted))
            """
        for row in try rows(connection, sql, [], location: location) {
            guard case .text(let table) = row[0], case .text(let column) = row[1] else { continue }
            columns[table, default: []].insert(column.lowercased())
            if case .bool(false) = row[2] { denied.insert(table) }
        }
        let schema = try TimeTrackerSchema.check(tables: columns)
        if !denied.isEmpty {
            throw PostgresSourceError(
                location: location,
                message: "role \(location.user) may not read \(denied.sorted().joined(separator: ", ")); as the tables' owner run: "
                    + denied.sorted().map { "GRANT SELECT ON \($0) TO \(location.user);" }.joined(separator: " "))
        }
        return schema
    }

    // MARK: Queries

    static func run(_ connection: PostgresConnection, _ sql: String, location: PostgresLocation) throws {
        _ = try rows(connection, sql, [], location: location)
    }

    static func text(_ connection: PostgresConnection, _ sql: String, location: PostgresLocation) throws -> String? {
        try rows(connection, sql, [], location: location).first?.first?.text
    }

    /// Runs `sql` with positional binds and decodes every row.
    package static func rows(_ connection: PostgresConnection, _ sql: String, _ binds: [SourceValue], location: PostgresLocation) throws -> [[SourceValue]] {
        try result(connection, sql, binds, location: location).rows
    }

    /// The rows of `sql` with `binds` for `$1`, `$2`…, and the names of the result's columns (none without rows).
    static func result(
        _ connection: PostgresConnection, _ sql: String, _ binds: [SourceValue], location: PostgresLocation
    ) throws -> (columnNames: [String], rows: [[SourceValue]]) {
        var bindings = PostgresBindings(capacity: binds.count)
        for value in binds {
            switch value {
            case .null: bindings.appendNull()
            case .int(let number): bindings.append(number)
            case .double(let number): bindings.append(number)
            case .decimal(let number): try bindings.append(number)
            case .bool(let flag): bindings.append(flag)
            case .text(let text): bindings.append(text)
            case .blob(let bytes): bindings.append(ByteBuffer(bytes: bytes))
            }
        }
        let future = connection.query(PostgresQuery(unsafeSQL: sql, binds: bindings), logger: logger).map { result in
            (columnNames: result.rows.first.map { $0.map(\.columnName) } ?? [], rows: result.map { row in row.map(PostgresCellDecoder.value) })
        }
        // Never wait forever: an answer that has not come a while after the session's statement_timeout
        // will not come (a CI run once hung here for good after a timeout under load). The connection is
        // given up, and the next read opens a new one.
        let done = DispatchSemaphore(value: 0)
        let outcome = NIOLockedValueBox<Result<(columnNames: [String], rows: [[SourceValue]]), any Error>?>(nil)
        future.whenComplete { result in
            outcome.withLockedValue { $0 = result }
            done.signal()
        }
        let limit = answerLimit(connection)
        if done.wait(timeout: .now() + limit.seconds) == .timedOut {
            abandon(connection)
            throw PostgresSourceError(
                location: location,
                message:
                    "did not answer within \(Int(limit.seconds)) s (statement_timeout is \(limit.setting)); the connection was closed and portalgen reconnects at the next read"
            )
        }
        do {
            return try outcome.withLockedValue { $0! }.get()
        } catch {
            throw PostgresSourceError(location: location, error)
        }
    }

    /// Each open connection's `statement_timeout` as the server reported it, and how long a query may go
    /// unanswered (that timeout plus 10 s; 130 s before it is known).
    private static let answerLimits = NIOLockedValueBox<[ObjectIdentifier: (seconds: Double, setting: String)]>([:])

    private static func answerLimit(_ connection: PostgresConnection) -> (seconds: Double, setting: String) {
        answerLimits.withLockedValue { $0[ObjectIdentifier(connection)] } ?? (130, "not known yet")
    }

    /// Records `setting` (`SHOW statement_timeout`: `120s`, `1ms`, `5min`, `0`) for `connection`.
    static func recordStatementTimeout(_ setting: String, for connection: PostgresConnection) {
        let seconds = statementTimeoutSeconds(setting).map { $0 > 0 ? $0 + 10 : 3600 } ?? 130
        answerLimits.withLockedValue { $0[ObjectIdentifier(connection)] = (seconds, setting) }
    }

    /// PostgreSQL's rendering of a duration setting in seconds (`0` means none).
    static func statementTimeoutSeconds(_ setting: String) -> Double? {
        let digits = setting.prefix { $0.isNumber || $0 == "." }
        guard let value = Double(digits) else { return nil }
        switch setting.dropFirst(digits.count).trimmingCharacters(in: .whitespaces) {
        case "", "ms": return value / 1000
        case "s": return value
        case "min": return value * 60
        case "h": return value * 3600
        case "d": return value * 86400
        default: return nil
        }
    }

    /// Closes a connection that stopped answering, without waiting for it. PostgresNIO finishes the close
    /// only once the stuck query ends, so the connection is kept here until then (and never reused).
    private static func abandon(_ connection: PostgresConnection) {
        let id = ObjectIdentifier(connection)
        answerLimits.withLockedValue { $0[id] = nil }
        abandoned.withLockedValue { $0[id] = connection }
        connection.close().whenComplete { _ in _ = abandoned.withLockedValue { $0.removeValue(forKey: id) } }
    }

    /// Connections given up on whose close has not completed yet.
    private static let abandoned = NIOLockedValueBox<[ObjectIdentifier: PostgresConnection]>([:])

    static func isUsable(_ connection: PostgresConnection) -> Bool {
        !connection.isClosed && abandoned.withLockedValue { $0[ObjectIdentifier(connection)] } == nil
    }

    private struct Snapshot: SourceSnapshot {
        let connection: PostgresConnection
        let schema: TimeTrackerSchema
        let location: PostgresLocation
        var dialect: SQLDialect { .postgres }

        func forEach(_ sql: String, _ arguments: [String: SourceValue], _ body: (any SourceRow) throws -> Void) throws {
            let (positional, names) = NamedParameters.positional(sql)
            let binds = try names.map { name in
                guard let value = arguments[name] else { throw PostgresSourceError(location: location, message: "internal: no value for :\(name)") }
                return value
            }
            let result = try PostgresSourceConnection.result(connection, positional, binds, location: location)
            for values in result.rows { try body(ValueRow(columnNames: result.columnNames, values: values)) }
        }
    }
}

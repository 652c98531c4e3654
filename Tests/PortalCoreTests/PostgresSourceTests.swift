import Foundation
import GRDB
import PortalDemo
import PortalTestSupport
import Testing

@testable import PortalCore
@testable import PortalPostgres

/// The PostgreSQL backend against a real server (``PostgresServer``): the same data gives the same bytes as
/// SQLite, TimeTracker's own sample dump builds with the figures SQL gives, and each fault is one clear line.
@Suite(.serialized) struct PostgresSourceTests {
    /// A configuration like `fixture`'s, reading `uri` and writing to a folder of its own.
    static func configuration(_ fixture: Fixture, uri: String, output: String) throws -> PortalConfiguration {
        var configuration = fixture.configuration
        configuration.database = try DatabaseLocation.parse(uri) { URL(fileURLWithPath: $0) }
        configuration.output = fixture.folder.appendingPathComponent(output)
        return configuration
    }

    /// Every file of every site, relative path → bytes (build state and dotfiles left out).
    static func sites(_ output: URL, slugs: [String]) throws -> [String: Data] {
        var files: [String: Data] = [:]
        for slug in slugs {
            let root = output.appendingPathComponent(slug).resolvingSymlinksInPath()
            for case let path as String in FileManager.default.enumerator(atPath: root.path)!
            where !path.split(separator: "/").contains(where: { $0.hasPrefix(".") }) {
                let url = root.appendingPathComponent(path)
                var isDirectory: ObjCBool = false
                if FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), !isDirectory.boolValue {
                    files["\(slug)/\(path)"] = try Data(contentsOf: url)
                }
            }
        }
        return files
    }

    /// 5 clients are read one by one; 55 take the full-build path that reads every activity feed at once.
    @Test(arguments: [(5, 60), (55, 6)]) func sameDemoGivesByteIdenticalPortals(clients: Int, entries: Int) async throws {
        let server = try PostgresServer.start()
        let fixture = try Fixture(clients: clients, entries: entries, invoices: 2, seed: 7)
        let database = try server.createDatabase()
        setenv("PGPASSWORD", PostgresServer.adminPassword, 1)
        try PostgresDemoLoader.load(sqlite: fixture.databasePath, into: PostgresLocation(uri: server.uri(database)), replace: false)

        let lite = try await fixture.build()
        #expect(lite.succeeded)
        let postgres = try PostgresSourceTests.configuration(fixture, uri: server.uri(database), output: "output-pg")
        let report = try await PortalBuilder(configuration: postgres).build(now: Date(timeIntervalSince1970: 1_795_000_000))
        #expect(report.succeeded, "\(report.failures.map { $0.error?.description ?? "" })")
        #expect(report.clients.map(\.slug) == lite.clients.map(\.slug))
        #expect(report.pages == lite.pages && report.pages > 50)
        let activityPages = try Self.sites(postgres.output, slugs: report.clients.map(\.slug)).filter { $0.key.contains("/activity/") }
        #expect(
            activityPages.values.contains {
                String(decoding: $0, as: UTF8.self).contains("kind-comment") || String(decoding: $0, as: UTF8.self).contains("event-title")
            })

        let a = try Self.sites(fixture.configuration.output, slugs: lite.clients.map(\.slug))
        let b = try Self.sites(postgres.output, slugs: report.clients.map(\.slug))
        #expect(a.keys.sorted() == b.keys.sorted())
        for (path, bytes) in a where b[path] != bytes {
            Issue.record("\(path) differs between the SQLite and the PostgreSQL build")
        }
        // The login map is the same too.
        let liteLogins = try PortalLogins.read(
            from: PortalDatabase(location: fixture.configuration.database), clients: try Portal(configuration: fixture.configuration).clients())
        let pgLogins = try PortalLogins.read(from: PortalDatabase(location: postgres.database), clients: try Portal(configuration: postgres).clients())
        #expect(liteLogins.map.map { "\($0.login)=\($0.slug)" } == pgLogins.map.map { "\($0.login)=\($0.slug)" })

        // A second load is refused: the database holds data now.
        #expect(throws: DemoError.self) {
            try PostgresDemoLoader.load(sqlite: fixture.databasePath, into: PostgresLocation(uri: server.uri(database)), replace: false)
        }
        try PostgresDemoLoader.load(sqlite: fixture.databasePath, into: PostgresLocation(uri: server.uri(database)), replace: true)
    }

    /// TimeTracker's own sample, dumped from its PostgreSQL schema, builds into the same pages as the SQLite
    /// sample TimeTracker wrote, and its invoice totals are those SQL computes on the server.
    ///
    /// The one known difference: on SQLite TimeTracker stores amounts unrounded (`56.625`) and shows them with
    /// `%.2f` (`56.62`); PostgreSQL's `numeric(10,2)` rounded them on the way in (`56.63`). Pages of invoices
    /// holding such amounts, and the reports' CSV totals of their clients, may differ by those cents.
    /// On PostgreSQL the row digests are sums of hashes (`hashtextextended`): an edit in place that stamps no
    /// `updated_at` (a line's text of the same length, an invoice's status, a staff name) moves its client's
    /// digest, or the global one, and no other client's; putting the value back puts the digest back.
    @Test func editsInPlaceMoveOnlyTheirClientsDigest() async throws {
        let server = try PostgresServer.start()
        let fixture = try Fixture(clients: 3, entries: 10, invoices: 3, seed: 11)
        let database = try server.createDatabase()
        setenv("PGPASSWORD", PostgresServer.adminPassword, 1)
        try PostgresDemoLoader.load(sqlite: fixture.databasePath, into: PostgresLocation(uri: server.uri(database)), replace: false)
        let location = try DatabaseLocation.parse(server.uri(database)) { URL(fileURLWithPath: $0) }
        let reader = try PortalDatabase(location: location)
        let writer = try SourceWriter(location: location)
        let edits: [(what: String, sql: String, undo: String, client: Int64?)] = [
            (
                "an invoice line's description",
                "UPDATE invoice_items SET description = reverse(description) || '' WHERE id = (SELECT min(x.id) FROM invoice_items x JOIN invoices v ON v.id = x.invoice_id WHERE v.client_id = 2 AND description <> reverse(description))",
                "UPDATE invoice_items SET description = reverse(description) WHERE id = (SELECT min(x.id) FROM invoice_items x JOIN invoices v ON v.id = x.invoice_id WHERE v.client_id = 2 AND description <> reverse(description))",
                2
            ),
            (
                "an invoice's status", "UPDATE invoices SET status = status || '!' WHERE id = (SELECT min(id) FROM invoices WHERE client_id = 3)",
                "UPDATE invoices SET status = rtrim(status, '!') WHERE id = (SELECT min(id) FROM invoices WHERE client_id = 3)", 3
            ),
            (
                "a staff member's name",
                "UPDATE users SET full_name = upper(full_name) WHERE id = (SELECT min(id) FROM users WHERE full_name <> upper(full_name))",
                "", nil
            ),
        ]
        for edit in edits {
            let before = try ClientFingerprint.read(reader)
            try writer.execute(edit.sql)
            let after = try ClientFingerprint.read(reader)
            if let client = edit.client {
                #expect(before.global == after.global, "\(edit.what) moved the global digest")
                #expect(after.changedClients(since: before) == [client], "\(edit.what) moved \(after.changedClients(since: before).sorted())")
                try writer.execute(edit.undo)
                #expect(try ClientFingerprint.read(reader).clients == before.clients, "\(edit.what) put back, but the digest did not come back")
            } else {
                #expect(before.global != after.global, "\(edit.what) did not move the global digest")
            }
        }
    }

    @Test func timeTrackerSamplePostgresDumpBuilds() async throws {
        let server = try PostgresServer.start()
        let database = try server.createDatabase(schema: false)
        try server.psql(database, file: PostgresServer.shared("timetracker/sample-postgres.sql"))
        setenv("PGPASSWORD", PostgresServer.adminPassword, 1)
        let fixture = try Fixture(databasePath: PostgresServer.shared("timetracker/sample.sqlite"))
        let postgres = try Self.configuration(fixture, uri: server.uri(database), output: "output-pg")
        let now = Date(timeIntervalSince1970: 1_795_000_000)
        let report = try await PortalBuilder(configuration: postgres).build(now: now)
        #expect(report.succeeded, "\(report.failures.map { $0.error?.description ?? "" })")
        #expect(Set(report.clients.map(\.clientID)) == [1, 2, 3, 4, 6, 12])

        let totals = try server.psql(
            database,
            sql: "SELECT id || '=' || total_amount || ' ' || currency_code FROM invoices WHERE status <> 'draft' AND client_id IN (1,2,3,4,6,12) ORDER BY id")
        var checked = 0
        for line in totals.split(separator: "\n") {
            let parts = line.split(separator: "=")
            let id = String(parts[0])
            let amount = parts[1].split(separator: " ")
            guard
                let client = report.clients.first(where: {
                    FileManager.default.fileExists(atPath: postgres.output.appendingPathComponent("\($0.slug)/invoices/\(id).html").path)
                })
            else { continue }
            let page = try HTMLDocument(path: postgres.output.appendingPathComponent("\(client.slug)/invoices/\(id).html").path)
            #expect(page.text("//tr[contains(@class,'grand')]/td") == Money(Decimal(string: String(amount[0]))!, String(amount[1])).formatted, "invoice \(id)")
            checked += 1
        }
        #expect(checked >= 3)

        let lite = try await fixture.build(now: now)
        #expect(lite.succeeded)
        // Invoices with an amount of more than two decimals on SQLite, and their clients.
        let unrounded = try fixture.database().read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT i.id, i.client_id FROM invoices i WHERE round(i.total_amount, 2) <> i.total_amount OR round(i.subtotal, 2) <> i.subtotal
                       OR round(i.tax_amount, 2) <> i.tax_amount
                       OR EXISTS (SELECT 1 FROM invoice_items t WHERE t.invoice_id = i.id AND round(t.total_amount, 2) <> t.total_amount)
                    """)
        }
        let slugs = Dictionary(uniqueKeysWithValues: lite.clients.map { ($0.clientID, $0.slug) })
        // The page, e-invoice and payment QR code of each such invoice; the statement and reports of its client.
        var explained = Set(
            unrounded.flatMap { row in
                slugs[row[1]].map { slug in
                    ["html", "xml"].map { "\(slug)/invoices/\(row[0] as Int64).\($0)" } + ["\(slug)/invoices/\(row[0] as Int64)-pay.svg"]
                } ?? []
            })
        for client in Set(unrounded.compactMap { slugs[$0[1]] }) {
            for period in ["7d", "30d", "90d", "365d"] { explained.insert("\(client)/reports/\(period).csv") }
            explained.formUnion(["\(client)/statement/index.html", "\(client)/statement/statement.csv"])
        }
        #expect(!explained.isEmpty)
        let a = try Self.sites(fixture.configuration.output, slugs: lite.clients.map(\.slug))
        let b = try Self.sites(postgres.output, slugs: report.clients.map(\.slug))
        #expect(Set(a.keys).subtracting(explained) == Set(b.keys).subtracting(explained))
        for (path, bytes) in a.sorted(by: { $0.key < $1.key }) where b[path] != bytes && !explained.contains(path) {
            Issue.record("\(path) differs between sample.sqlite and sample-postgres.sql")
        }
    }

    @Test func readOnlyRoleWithoutSelectIsToldTheGrant() throws {
        let server = try PostgresServer.start()
        let database = try server.createDatabase()
        try server.createReader("portal_ro_tasks", password: "ro-secret", database: database, except: ["tasks"])
        var location = try PostgresLocation(uri: server.uri(database, user: "portal_ro_tasks"))
        location.passwordEnv = "PORTALGEN_TEST_RO_PASSWORD"
        setenv("PORTALGEN_TEST_RO_PASSWORD", "ro-secret", 1)
        let error = try #require(throws: (any Error).self) { try PortalDatabase(location: .postgres(location)) }
        #expect("\(error)".contains("GRANT SELECT ON tasks TO portal_ro_tasks;"), "\(error)")
        try server.psql(database, sql: "GRANT SELECT ON tasks TO portal_ro_tasks")
        let opened = try PortalDatabase(location: .postgres(location))
        // Read-only in every transaction, whatever the role may do.
        #expect(opened.schema.has("tasks"))
    }

    @Test func faultsAreOneClearLine() throws {
        let server = try PostgresServer.start()
        let database = try server.createDatabase()
        try server.createReader("portal_ro_faults", password: "right", database: database)
        var location = try PostgresLocation(uri: server.uri(database, user: "portal_ro_faults"))
        location.passwordEnv = "PORTALGEN_TEST_FAULT_PASSWORD"

        setenv("PORTALGEN_TEST_FAULT_PASSWORD", "wrong", 1)
        let wrong = try #require(throws: (any Error).self) { try PortalDatabase(location: .postgres(location)) }
        #expect("\(wrong)".contains("refused the login of portal_ro_faults") && !"\(wrong)".contains("wrong"), "\(wrong)")

        setenv("PORTALGEN_TEST_FAULT_PASSWORD", "right", 1)
        var tls = location
        tls.sslMode = .require
        let noTLS = try #require(throws: (any Error).self) { try PortalDatabase(location: .postgres(tls)) }
        #expect("\(noTLS)".contains("does not offer TLS"), "\(noTLS)")

        var closed = location
        closed.port = PostgresServer.freePort()
        let down = try #require(throws: (any Error).self) { try PortalDatabase(location: .postgres(closed)) }
        #expect("\(down)".contains("cannot be reached") && "\(down)".contains("is PostgreSQL running"), "\(down)")

        try server.psql(sql: "ALTER ROLE portal_ro_faults SET statement_timeout = '1ms'")
        defer { _ = try? server.psql(sql: "ALTER ROLE portal_ro_faults RESET statement_timeout") }
        do {
            let opened = try PortalDatabase(location: .postgres(location))
            _ = try opened.read { try $0.int("SELECT count(*) FROM generate_series(1, 3000000)") }
            Issue.record("a query of seconds ran under a 1 ms statement_timeout")
        } catch {
            #expect("\(error)".contains("statement_timeout"), "\(error)")
        }
        for error in [wrong, noTLS, down] { #expect(!"\(error)".contains("\n"), "\(error)") }
    }

    /// A server that stops answering (its backend frozen with SIGSTOP, where statement_timeout cannot fire)
    /// is given up on after its statement_timeout plus 10 s with one clear line, not waited for forever,
    /// and the next read, once the server answers again, opens a new connection.
    @Test func aServerThatStopsAnsweringIsGivenUpOn() throws {
        let server = try PostgresServer.startOwn()
        let database = try server.createDatabase()
        try server.createReader("portal_ro_frozen", password: "f", database: database)
        try server.psql(sql: "ALTER ROLE portal_ro_frozen SET statement_timeout = '500ms'")
        var location = try PostgresLocation(uri: server.uri(database, user: "portal_ro_frozen"))
        location.passwordEnv = "PORTALGEN_TEST_FROZEN_PASSWORD"
        setenv("PORTALGEN_TEST_FROZEN_PASSWORD", "f", 1)
        let opened = try PortalDatabase(location: .postgres(location))
        let backend = try #require(try opened.read { try $0.int("SELECT pg_backend_pid()") })
        #expect(kill(pid_t(backend), SIGSTOP) == 0)
        let started = Date()
        let error = try #require(throws: (any Error).self) { try opened.read { try $0.int("SELECT count(*) FROM clients") } }
        let waited = Date().timeIntervalSince(started)
        kill(pid_t(backend), SIGCONT)
        #expect("\(error)".contains("did not answer within 10 s (statement_timeout is 500ms)") && !"\(error)".contains("\n"), "\(error)")
        #expect(waited > 9 && waited < 30, "gave up after \(waited) s")
        #expect(try opened.read { try $0.int("SELECT count(*) FROM clients") } == 0)
        #expect(PostgresSourceConnection.statementTimeoutSeconds("5min") == 300 && PostgresSourceConnection.statementTimeoutSeconds("0") == 0)
    }

    /// A connection the server dropped (restart) is reopened at the next read.
    @Test func aRestartedServerIsReadAgain() throws {
        let server = try PostgresServer.startOwn()
        let database = try server.createDatabase()
        setenv("PGPASSWORD", PostgresServer.adminPassword, 1)
        let opened = try PortalDatabase(location: .postgres(PostgresLocation(uri: server.uri(database))))
        #expect(try opened.read { try $0.int("SELECT count(*) FROM clients") } == 0)
        try server.stop()
        #expect(throws: (any Error).self) { try opened.read { try $0.int("SELECT count(*) FROM clients") } }
        try server.start()
        #expect(try opened.read { try $0.int("SELECT count(*) FROM clients") } == 0)
    }

    @Test func namedParametersBecomePositional() {
        let (sql, names) = NamedParameters.positional("SELECT x::text, ':no' FROM t WHERE a = :c AND b > :after OR c = :c")
        #expect(sql == "SELECT x::text, ':no' FROM t WHERE a = $1 AND b > $2 OR c = $1")
        #expect(names == ["c", "after"])
    }

    @Test func timestampsReadAsTimeTrackerStoresThem() {
        #expect(PostgresCellDecoder.timestamp(0) == "2000-01-01 00:00:00.000000")
        #expect(PostgresCellDecoder.timestamp(848_508_312_123_456) == "2026-11-20 16:45:12.123456")
        #expect(PostgresCellDecoder.timestamp(-1) == "1999-12-31 23:59:59.999999")
        #expect(PostgresCellDecoder.timestamp(-63_082_281_600_000_000) == "0001-01-01 00:00:00.000000")
    }

    @Test func passwordFileIsReadAsLibpqReadsIt() {
        let file = "# comment\nother:5432:*:*:nope\n127.0.0.1:5433:tt:portal\\:ro:s\\:e\\\\cret\n*:*:*:*:fallback\n"
        #expect(PostgresLocation.passwordFileEntry(file, host: "127.0.0.1", port: 5433, database: "tt", user: "portal:ro") == "s:e\\cret")
        #expect(PostgresLocation.passwordFileEntry(file, host: "db", port: 5432, database: "tt", user: "x") == "fallback")
    }

    @Test func uriCarriesNoPassword() {
        #expect(throws: ConfigurationError.self) { try PostgresLocation(uri: "postgresql://u:secret@db/tt") }
        #expect(throws: ConfigurationError.self) { try PostgresLocation(uri: "postgresql://u@db/tt?sslmode=sometimes") }
        let location = try? PostgresLocation(uri: "postgresql://portal_ro@db.internal:6543/timetracker?sslmode=verify-full&sslrootcert=/etc/ca.pem")
        #expect(location?.host == "db.internal" && location?.port == 6543 && location?.database == "timetracker" && location?.sslMode == .verifyFull)
        #expect(location?.sslRootCert == "/etc/ca.pem")
    }

    /// verify-ca and verify-full need a CA as libpq does (sslrootcert, PGSSLROOTCERT or ~/.postgresql/root.crt);
    /// without one the connection is refused with advice instead of trusting the system store silently;
    /// `sslrootcert=system` asks for the system store.
    @Test(
        .enabled(
            if: !FileManager.default.fileExists(atPath: NSHomeDirectory() + "/.postgresql/root.crt")
                && ProcessInfo.processInfo.environment["PGSSLROOTCERT"] == nil))
    func verifiedTLSNeedsARootCertificateAsLibpqDoes() throws {
        for mode in ["verify-ca", "verify-full"] {
            let location = try PostgresLocation(uri: "postgresql://portal_ro@db.internal/timetracker?sslmode=\(mode)")
            do {
                _ = try PostgresSourceConnection.tls(location)
                Issue.record("\(mode) without a CA was accepted")
            } catch {
                #expect("\(error)".contains("sslrootcert=/path/to/ca.pem"), "\(error)")
            }
        }
        _ = try PostgresSourceConnection.tls(try PostgresLocation(uri: "postgresql://portal_ro@db.internal/timetracker?sslmode=verify-full&sslrootcert=system"))
    }
}

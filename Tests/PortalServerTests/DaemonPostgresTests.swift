import AsyncHTTPClient
import Foundation
import PortalDemo
import PortalTestSupport
import Testing

@testable import PortalCore

/// The real daemon on a real PostgreSQL: a commit from another connection reaches only its client's
/// browsers, an edit in place too, and a server restart is ridden out without a restart of the daemon.
@Suite(.serialized) struct DaemonPostgresTests {
    @Test func commitsOnPostgresReachTheirClientAndSurviveARestart() async throws {
        let server = try PostgresServer.startOwn()  // stopped and started below: not the shared one
        let fixture = try Fixture(clients: 3, entries: 40, invoices: 3)
        let database = try server.createDatabase()
        setenv("PGPASSWORD", PostgresServer.adminPassword, 1)
        try PostgresDemoLoader.load(sqlite: fixture.databasePath, into: PostgresLocation(uri: server.uri(database)), replace: false)
        try server.createReader("portal_daemon_ro", password: "daemon-ro", database: database)

        let config = try fixture.writeConfig(extra: [
            "database": server.uri(database, user: "portal_daemon_ro"), "databasePasswordEnv": "TEST_PORTALGEN_DB_PASSWORD",
            "server": ["port": 0, "pollMilliseconds": 50, "heartbeatSeconds": 1],
        ])
        let daemon = try await DaemonProcess(config: config, environment: ["TEST_PORTALGEN_DB_PASSWORD": "daemon-ro"])
        defer { daemon.stop() }
        #expect(await eventually { daemon.logText.contains("build finished") }, "\(daemon.logText)")

        // Müller's browser (a) and Acme's (b), both connected.
        let (a, b) = (EventCollector(), EventCollector())
        let subscriptions = EventCollector.subscribe([(a, "\(daemon.base)/live/mueller-soehne-gmbh"), (b, "\(daemon.base)/live/acme-quotes-co")])
        defer { subscriptions.cancel() }
        #expect(await EventCollector.allSaidHello([a, b]))

        func comment(_ text: String) throws {
            try server.psql(
                database,
                sql: """
                    INSERT INTO comments (content, project_id, user_id, is_internal, is_client_comment, created_at, updated_at)
                    VALUES ('\(text)', (SELECT min(id) FROM projects WHERE client_id = 1), 1, false, false, '2026-11-20 16:00:00', '2026-11-20 16:00:00')
                    """)
        }
        try comment("Fresh news from PostgreSQL")
        #expect(await eventually { await a.count("rebuilt") == 1 }, "\(daemon.logText)")
        let activity = try fixture.page("mueller-soehne-gmbh", "activity/index.html")
        #expect(activity.texts("//li[contains(@class,'kind-comment')]//p[@class='event-title']").contains("Fresh news from PostgreSQL"))

        // An edit in place moves no id: the aggregates find it.
        try server.psql(
            database,
            sql: "UPDATE comments SET content = 'Edited on PostgreSQL', updated_at = '2026-11-20 16:30:00' WHERE content = 'Fresh news from PostgreSQL'")
        #expect(await eventually { await a.count("rebuilt") == 2 }, "\(daemon.logText)")

        // The server goes away and comes back; the daemon reconnects by itself.
        try server.stop()
        try await Task.sleep(for: .milliseconds(800))
        try server.start()
        try comment("After the restart")
        #expect(await eventually { await a.count("rebuilt") == 3 }, "\(daemon.logText)")
        #expect(daemon.logText.contains("cannot read the database"))
        #expect(await b.count("rebuilt") == 0)
    }

    /// `serve` reading a hot standby of TimeTracker's primary (streaming replication): `pg_current_wal_lsn()`
    /// fails during recovery, so its change signal is the standby's replay position, and a commit on the
    /// primary reaches the open page once the standby has replayed it.
    @Test func serveOnAHotStandbyFollowsThePrimary() async throws {
        let primary = try PostgresServer.startOwn()
        let fixture = try Fixture(clients: 2, entries: 30, invoices: 2)
        let database = try primary.createDatabase()
        setenv("PGPASSWORD", PostgresServer.adminPassword, 1)
        try PostgresDemoLoader.load(sqlite: fixture.databasePath, into: PostgresLocation(uri: primary.uri(database)), replace: false)
        try primary.createReader("portal_standby_ro", password: "standby-ro", database: database)
        let standby = try primary.standby()
        #expect(try standby.psql(database, sql: "SELECT pg_is_in_recovery()").trimmingCharacters(in: .whitespacesAndNewlines) == "t")
        let config = try fixture.writeConfig(extra: [
            "database": standby.uri(database, user: "portal_standby_ro"), "databasePasswordEnv": "TEST_PORTALGEN_DB_PASSWORD",
            "server": ["port": 0, "pollMilliseconds": 50, "heartbeatSeconds": 1],
        ])
        let daemon = try await DaemonProcess(config: config, environment: ["TEST_PORTALGEN_DB_PASSWORD": "standby-ro"])
        defer { daemon.stop() }
        #expect(await eventually { daemon.logText.contains("build finished") }, "\(daemon.logText)")
        let browser = EventCollector()
        let subscription = EventCollector.subscribe([(browser, "\(daemon.base)/live/mueller-soehne-gmbh")])
        defer { subscription.cancel() }
        #expect(await EventCollector.allSaidHello([browser]))
        try primary.psql(
            database,
            sql: """
                INSERT INTO comments (content, project_id, user_id, is_internal, is_client_comment, created_at, updated_at)
                VALUES ('Replayed on the standby', (SELECT min(id) FROM projects WHERE client_id = 1), 1, false, false, '2026-11-20 16:00:00', '2026-11-20 16:00:00')
                """)
        #expect(await eventually { await browser.count("rebuilt") == 1 }, "\(daemon.logText)")
        let activity = try fixture.page("mueller-soehne-gmbh", "activity/index.html")
        #expect(activity.texts("//li[contains(@class,'kind-comment')]//p[@class='event-title']").contains("Replayed on the standby"))
        #expect(!daemon.logText.contains("recovery is in progress"), "\(daemon.logText)")
    }

    /// A database on `server` with the fixture's data, a reader `role`, a config that reads it as that role and
    /// polls once a minute, and the `NOTIFY` triggers: their SQL comes from `postgres-triggers`, read with the
    /// reader's role, and the owner runs it. Returns the database, the config, the SQL and its file.
    static func withTriggers(
        _ server: PostgresServer, _ fixture: Fixture, role: String, password: String
    ) async throws -> (database: String, config: String, sql: String, file: URL) {
        let database = try server.createDatabase()
        setenv("PGPASSWORD", PostgresServer.adminPassword, 1)
        try PostgresDemoLoader.load(sqlite: fixture.databasePath, into: PostgresLocation(uri: server.uri(database)), replace: false)
        try server.createReader(role, password: password, database: database)
        let config = try fixture.writeConfig(extra: [
            "database": server.uri(database, user: role), "databasePasswordEnv": "TEST_PORTALGEN_DB_PASSWORD",
            "server": ["port": 0, "pollMilliseconds": 60_000, "heartbeatSeconds": 5],
        ])
        setenv("TEST_PORTALGEN_DB_PASSWORD", password, 1)
        let printed = try await Fixture.run(["postgres-triggers", "--config", config])
        guard printed.status == 0 else { throw HTMLError(message: "postgres-triggers failed: \(printed.stderr)") }
        let file = fixture.folder.appendingPathComponent("triggers.sql")
        try printed.stdout.write(to: file, atomically: true, encoding: .utf8)
        chmod(file.path, 0o644)
        _ = try server.psql(database, file: file.path)
        return (database, config, printed.stdout, file)
    }

    /// `serve` on a hot standby, `LISTEN`ing on the primary (`notifyDatabase`): an insert, an edit in place and
    /// a deletion on the primary each reach their client's open page through the standby although the poll loop
    /// looks once a minute, and no other client's. With replay paused, a notified edit waits for the standby
    /// (the pages never lag behind what the notification announced, and nothing stale is built); resumed, it
    /// arrives. The primary stopped and the standby promoted, `serve` listens on the promoted server.
    @Test func notificationsFromThePrimaryWaitForTheStandbysReplay() async throws {
        let primary = try PostgresServer.startOwn()
        let fixture = try Fixture(clients: 3, entries: 40, invoices: 3)
        let (database, config, _, _) = try await Self.withTriggers(primary, fixture, role: "portal_replica_ro", password: "replica-ro")
        let standby = try primary.standby()
        _ = try fixture.writeConfig(extra: [
            "database": standby.uri(database, user: "portal_replica_ro"), "notifyDatabase": primary.uri(database, user: "portal_replica_ro"),
            "databasePasswordEnv": "TEST_PORTALGEN_DB_PASSWORD",
            "server": ["port": 0, "pollMilliseconds": 60_000, "heartbeatSeconds": 5, "adminTokenEnv": "TEST_PORTALGEN_TOKEN"],
        ])
        let daemon = try await DaemonProcess(
            config: config, environment: ["TEST_PORTALGEN_DB_PASSWORD": "replica-ro", "TEST_PORTALGEN_TOKEN": "replica-token"])
        defer { daemon.stop() }
        #expect(
            await eventually { daemon.logText.contains("build finished") && daemon.logText.contains("listening for database notifications") },
            "\(daemon.logText)")
        let (a, b) = (EventCollector(), EventCollector())
        let subscriptions = EventCollector.subscribe([(a, "\(daemon.base)/live/mueller-soehne-gmbh"), (b, "\(daemon.base)/live/acme-quotes-co")])
        defer { subscriptions.cancel() }
        #expect(await EventCollector.allSaidHello([a, b]))
        func expectRebuilt(_ count: Int, after sql: String, on server: PostgresServer, _ comment: Comment) async throws {
            _ = try server.psql(database, sql: sql)
            #expect(await eventually { await a.count("rebuilt") == count }, "\(comment): \(daemon.logText.suffix(3000))")
        }
        let editFirstEntry = """
            UPDATE time_entries SET notes = '%@', updated_at = now() WHERE id = (SELECT min(t.id) FROM time_entries t
            JOIN projects p ON p.id = t.project_id WHERE p.client_id = 1 AND p.status = 'active' AND t.end_time IS NOT NULL)
            """
        try await expectRebuilt(
            1,
            after: """
                INSERT INTO comments (content, project_id, user_id, is_internal, is_client_comment, created_at, updated_at)
                VALUES ('Heard from the primary', (SELECT min(id) FROM projects WHERE client_id = 1), 1, false, false, '2026-11-20 16:00:00', '2026-11-20 16:00:00')
                """, on: primary, "a new row")
        try await expectRebuilt(2, after: editFirstEntry.replacingOccurrences(of: "%@", with: "Edited on the primary"), on: primary, "an edit in place")
        try await expectRebuilt(3, after: "DELETE FROM comments WHERE content = 'Heard from the primary'", on: primary, "a deletion")
        #expect(await b.count("rebuilt") == 0)

        // Replay paused: the notification arrives, the standby does not have the edit yet; nothing is built.
        _ = try standby.psql(database, sql: "SELECT pg_wal_replay_pause()")
        _ = try primary.psql(database, sql: editFirstEntry.replacingOccurrences(of: "%@", with: "While replay was paused"))
        #expect(await eventually { daemon.logText.contains("waiting for the standby to replay") }, "\(daemon.logText.suffix(3000))")
        try await Task.sleep(for: .seconds(2))
        #expect(await a.count("rebuilt") == 3)
        func published(_ phrase: String) -> Bool {
            fixture.files("mueller-soehne-gmbh").contains { path in
                (try? String(contentsOf: fixture.site("mueller-soehne-gmbh").appendingPathComponent(path), encoding: .utf8))?.contains(phrase) == true
            }
        }
        #expect(published("Edited on the primary") && !published("While replay was paused"))
        // The lag is in /admin/status and /metrics.
        let status = try await NginxProcess.curl(["-s", "-H", "Authorization: Bearer replica-token", "\(daemon.base)/admin/status"]).body
        let replication = (try JSONSerialization.jsonObject(with: Data(status.utf8)) as? [String: Any])?["replication"] as? [String: Any]
        #expect(replication?["replayPaused"] as? Bool == true && (replication?["lagBytes"] as? Int ?? 0) > 0, "\(status)")
        let metrics = try await NginxProcess.curl(["-s", "\(daemon.base)/metrics"]).body
        let lag = metrics.split(separator: "\n").first { $0.hasPrefix("portalgen_replication_lag_bytes ") }
        #expect((lag?.split(separator: " ").last).flatMap { Double($0) } ?? 0 > 0, "\(metrics)")
        _ = try standby.psql(database, sql: "SELECT pg_wal_replay_resume()")
        #expect(await eventually { await a.count("rebuilt") == 4 }, "\(daemon.logText.suffix(3000))")
        #expect(published("While replay was paused"))
        #expect(await b.count("rebuilt") == 0)

        // Failover: the primary goes away, the standby is promoted; serve listens on it now.
        let listening = daemon.logText.components(separatedBy: "listening for database notifications").count
        try primary.stop()
        _ = try standby.psql(database, sql: "SELECT pg_promote()")
        #expect(
            await eventually(30) { daemon.logText.components(separatedBy: "listening for database notifications").count > listening },
            "\(daemon.logText.suffix(3000))")
        try await expectRebuilt(
            5,
            after: """
                INSERT INTO comments (content, project_id, user_id, is_internal, is_client_comment, created_at, updated_at)
                VALUES ('Written after the promotion', (SELECT min(id) FROM projects WHERE client_id = 1), 1, false, false, '2026-11-20 17:00:00', '2026-11-20 17:00:00')
                """, on: standby, "a new row on the promoted standby")
    }

    /// With the `NOTIFY portalgen` triggers that `portalgen postgres-triggers` prints (installed by the
    /// tables' owner), the daemon hears of a commit at once although it polls only once a minute: a new row,
    /// an edit in place and a deletion each reach only their client; a settings change reaches everyone.
    @Test func notifyTriggersReplacePolling() async throws {
        let server = try PostgresServer.start()
        let fixture = try Fixture(clients: 3, entries: 40, invoices: 3)
        let (database, config, printed, sqlFile) = try await Self.withTriggers(server, fixture, role: "portal_listen_ro", password: "listen-ro")
        #expect(printed.contains("CREATE TRIGGER portalgen_notify_update AFTER UPDATE ON time_entries REFERENCING OLD TABLE AS old_rows"))
        #expect(printed.contains("ON comments") && printed.contains("ON invoices") && printed.contains("ON settings"))
        let again = try await Fixture.run(["postgres-triggers", "--config", config])
        #expect(again.stderr.contains("current triggers already"), "\(again.stderr)")
        // One trigger gone (or left from an older portalgen): `check` names the table.
        _ = try server.psql(database, sql: "DROP TRIGGER portalgen_notify_update ON comments")
        let checked = try await Fixture.run(["check", "--config", config])
        #expect(checked.stderr.contains("NOTIFY triggers of comments are missing"), "\(checked.stderr)")
        _ = try server.psql(database, file: sqlFile.path)

        let daemon = try await DaemonProcess(config: config, environment: ["TEST_PORTALGEN_DB_PASSWORD": "listen-ro"])
        defer { daemon.stop() }
        #expect(
            await eventually { daemon.logText.contains("build finished") && daemon.logText.contains("listening for database notifications") },
            "\(daemon.logText)")
        // Müller's browser (a) and Acme's (b), both connected.
        let (a, b) = (EventCollector(), EventCollector())
        let subscriptions = EventCollector.subscribe([(a, "\(daemon.base)/live/mueller-soehne-gmbh"), (b, "\(daemon.base)/live/acme-quotes-co")])
        defer { subscriptions.cancel() }
        #expect(await EventCollector.allSaidHello([a, b]))
        // The poll loop looks once a minute (while listening, its safety net is the poll interval when that is
        // longer than 5 s): only the notifications can deliver these within 15 s.
        func expectRebuilt(_ count: Int, after sql: String, _ comment: Comment) async throws {
            _ = try server.psql(database, sql: sql)
            let heard = await eventually { await a.count("rebuilt") == count }
            if !heard { try? daemon.logText.write(toFile: "/tmp/portalgen-listen-failure.log", atomically: true, encoding: .utf8) }
            #expect(heard, "\(comment): \(daemon.logText.suffix(3000))")
        }
        try await expectRebuilt(
            1,
            after: """
                INSERT INTO comments (content, project_id, user_id, is_internal, is_client_comment, created_at, updated_at)
                VALUES ('Heard through NOTIFY', (SELECT min(id) FROM projects WHERE client_id = 1), 1, false, false, '2026-11-20 16:00:00', '2026-11-20 16:00:00')
                """, "a new row")
        try await expectRebuilt(
            2,
            after: """
                UPDATE time_entries SET notes = 'Edited in place', updated_at = '2026-11-20 16:30:00' WHERE id = (SELECT min(t.id) FROM time_entries t
                JOIN projects p ON p.id = t.project_id WHERE p.client_id = 1 AND p.status = 'active' AND t.end_time IS NOT NULL)
                """, "an edit in place (TimeTracker sets updated_at on every edit)")
        try await expectRebuilt(3, after: "DELETE FROM comments WHERE content = 'Heard through NOTIFY'", "a deletion")
        // Anyone who may connect can NOTIFY: a notification that names clients whose data did not move renders
        // nothing (the build checks their input digests first).
        try await Task.sleep(for: .seconds(2))  // the deletion's build logs after its event
        let before = daemon.logText.count
        for _ in 0..<15 { _ = try server.psql(database, sql: "NOTIFY portalgen, 'time_entries:1,2'") }
        #expect(await eventually { daemon.logText.dropFirst(before).contains("found=notification") })
        try await Task.sleep(for: .seconds(2))
        let (heardA, heardB) = (await a.count("rebuilt"), await b.count("rebuilt"))
        #expect(heardA == 3 && heardB == 0)
        let builds = daemon.logText.dropFirst(before).split(separator: "\n").filter { $0.contains("build finished") }
        #expect(builds.allSatisfy { $0.contains("rendered=0") }, "notifications alone rendered clients: \(builds)")
        #expect(daemon.logText.contains("found=notification"))
        _ = try server.psql(database, sql: "UPDATE settings SET company_name = 'Renamed Consultancy'")
        #expect(await eventually { await b.count("rebuilt") == 1 }, "a settings change reaches every client")
    }
}

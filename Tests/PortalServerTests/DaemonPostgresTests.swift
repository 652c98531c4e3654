import AsyncHTTPClient
import Foundation
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

        let a = EventCollector(), b = EventCollector()
        let subscriptions = Task {
            await withTaskGroup(of: Void.self) { group in
                group.addTask { await a.subscribe("\(daemon.base)/live/mueller-soehne-gmbh", client: .shared) }
                group.addTask { await b.subscribe("\(daemon.base)/live/acme-quotes-co", client: .shared) }
            }
        }
        defer { subscriptions.cancel() }
        #expect(await eventually {
            let helloA = await a.count("hello")
            let helloB = await b.count("hello")
            return helloA == 1 && helloB == 1
        })

        func comment(_ text: String) throws {
            try server.psql(
                database,
                sql: """
                    INSERT INTO comments (content, project_id, user_id, is_internal, is_client_comment, created_at, updated_at)
                    VALUES ('\(text)', (SELECT min(id) FROM projects WHERE client_id = 1), 1, false, false, '2026-11-20 16:00:00', '2026-11-20 16:00:00')
                    """)
        }
        try comment("Fresh news from PostgreSQL")
        #expect(await eventually(30) { await a.count("rebuilt") == 1 }, "\(daemon.logText)")
        let activity = try fixture.page("mueller-soehne-gmbh", "activity/index.html")
        #expect(activity.texts("//li[contains(@class,'kind-comment')]//p[@class='event-title']").contains("Fresh news from PostgreSQL"))

        // An edit in place moves no id: the aggregates find it.
        try server.psql(database, sql: "UPDATE comments SET content = 'Edited on PostgreSQL', updated_at = '2026-11-20 16:30:00' WHERE content = 'Fresh news from PostgreSQL'")
        #expect(await eventually(30) { await a.count("rebuilt") == 2 }, "\(daemon.logText)")

        // The server goes away and comes back; the daemon reconnects by itself.
        try server.stop()
        try await Task.sleep(for: .milliseconds(800))
        try server.start()
        try comment("After the restart")
        #expect(await eventually(40) { await a.count("rebuilt") == 3 }, "\(daemon.logText)")
        #expect(daemon.logText.contains("cannot read the database"))
        #expect(await b.count("rebuilt") == 0)
    }
}

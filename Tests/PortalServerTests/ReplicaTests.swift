import Foundation
import GRDB
import PortalCore
import PortalTestSupport
import Testing

/// Two interchangeable replicas (each the real daemon and nginx, on the same database) behind the real
/// haproxy with the configuration `portalgen proxy-config --haproxy` prints, and a client's Chromium going
/// through it: the replicas publish the same bytes; when the replica holding the page's live stream is
/// killed, and when one is stopped (drained), the stream moves to the other within the bound the README
/// states (10 s), no page request fails, and a change made meanwhile is announced on the page at once.
@Suite(.serialized, .enabled(if: Browser.available && HAProxyProcess.available && NginxProcess.available))
struct ReplicaTests {
    /// Every file of every client's site, the same bytes on both replicas.
    static func expectSameSites(_ a: PortalStack, _ b: PortalStack) throws {
        for slug in ["mueller-soehne-gmbh", "acme-quotes-co"] {
            let compared = Fixture.compareSites(a.folder.appendingPathComponent("output/\(slug)"), b.folder.appendingPathComponent("output/\(slug)"))
            #expect(compared.files.count > 20 && compared.differing.isEmpty, "\(slug): \(compared.differing.prefix(5)) differ between the replicas")
        }
    }

    @Test func aBrowserBehindHAProxyRidesOutAKilledAndAStoppedReplica() async throws {
        let fixture = try Fixture(clients: 2, entries: 30, invoices: 2)
        let server: [String: Any] = ["drainSeconds": 3, "heartbeatSeconds": 5]
        let replicas = [
            try await PortalStack(fixture: fixture, server: server, replica: "a"), try await PortalStack(fixture: fixture, server: server, replica: "b"),
        ]
        defer { for replica in replicas { replica.stop() } }
        try Self.expectSameSites(replicas[0], replicas[1])
        let front = try await HAProxyProcess(config: replicas[0].config, replicas: replicas.map(\.nginxPort), folder: fixture.folder)
        defer { front.stop() }
        let url = { (path: String) in "http://client1:pw-a@127.0.0.1:\(front.port)/\(path)" }
        /// The replica holding the page's stream, once exactly one does.
        func holder() async -> Int? {
            let counts = [await replicas[0].streams() ?? 0, await replicas[1].streams() ?? 0]
            return counts.reduce(0, +) == 1 ? counts.firstIndex(of: 1) : nil
        }
        var comments = 0
        func comment() throws {
            comments += 1
            try fixture.database().write { db in
                try db.execute(
                    sql: """
                        INSERT INTO comments (content, project_id, user_id, is_internal, is_client_comment, created_at, updated_at)
                        VALUES ('During the failover \(comments)', (SELECT min(id) FROM projects WHERE client_id = 1), 1, 0, 0, '2026-11-20 16:00:00.000000', '2026-11-20 16:00:00.000000')
                        """)
            }
        }
        let browser = try await Browser()
        do {
            let noticeShown = "return !document.getElementById('live-notice').hidden"
            for (round, stop) in ["killed", "stopped"].enumerated() {
                try await browser.open(url("activity/index.html"))
                #expect(try await browser.run("return document.title") as? String != nil)
                #expect(try await browser.run(noticeShown) as? Bool == false)
                var held: Int?
                #expect(
                    await eventually(30) {
                        held = await holder()
                        return held != nil
                    }, "the page's stream reached no replica")
                guard let used = held else { break }
                let other = 1 - used
                let started = Date()
                if stop == "killed" {
                    await replicas[used].kill()
                } else {
                    replicas[used].daemon?.process.signal(SIGTERM)
                    // Draining: the replica's health says so while it still serves.
                    #expect(
                        await eventually(5) {
                            (try? await NginxProcess.curl(["-s", "http://127.0.0.1:\(replicas[used].nginxPort)/healthz"]).body) == "draining\n"
                        }, "the stopping replica never said it was draining")
                }
                // A change while the page's stream is moving: the other replica builds it, and the page hears of
                // it as soon as its stream is back (it sends its version; the other replica has a newer one).
                try comment()
                let moved = await eventually(30) { await replicas[other].streams() == 1 }
                let seconds = Date().timeIntervalSince(started)
                print("replica \(stop): the page's stream reconnected to the other replica after \(String(format: "%.1f", seconds)) s")
                #expect(
                    moved && seconds < 10,
                    "the stream took \(seconds) s to move; haproxy's log:\n\(front.logText.split(separator: "\n").suffix(40).joined(separator: "\n"))")
                #expect(await eventually(15) { (try? await browser.run(noticeShown)) as? Bool == true }, "the page never heard of the change")
                // Every page still loads, through haproxy, from whichever replica is up.
                for path in ["index.html", "invoices/index.html", "activity/index.html"] {
                    let response = try await NginxProcess.curl(["-s", "-o", "/dev/null", "-w", "%{http_code}", url(path)])
                    #expect(response.body == "200", "\(path) after the replica was \(stop)")
                }
                try await browser.open(url("activity/index.html"))
                let titles = try await browser.run("return [...document.querySelectorAll('.event-title')].map(e => e.textContent)") as? [String] ?? []
                #expect(titles.contains { $0.contains("During the failover \(comments)") }, "\(titles)")
                // The replica comes back; haproxy takes it in again after two good checks.
                if round == 0 {
                    try await replicas[used].startNginx()
                } else {
                    _ = await replicas[used].daemon?.process.status()
                }
                try await replicas[used].startDaemon()
                try await Task.sleep(for: .seconds(3))
                try Self.expectSameSites(replicas[0], replicas[1])
            }
        } catch {
            await browser.close()
            throw error
        }
        await browser.close()
    }
}

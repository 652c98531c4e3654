import Foundation
import PortalTestSupport
import Testing

@testable import PortalCore
@testable import PortalServer

/// Who viewed what: real nginx, signed in with basic auth, writes its views log; `portalgen views` lists each
/// document's viewers (first, last, count) per login, apart from pages that are not documents and from the
/// refused requests of a login without a portal; `/admin/status` shows each open invoice's last view.
@Suite(.serialized, .enabled(if: NginxProcess.available)) struct ViewsTests {
    @Test func nginxLogsViewsThatViewsAndAdminStatusReport() async throws {
        let fixture = try Fixture(clients: 3, entries: 20, invoices: 3)
        let nginxPort = NginxProcess.freePort()
        let config = try fixture.writeConfig(extra: [
            "server": ["port": 0, "adminTokenEnv": "TEST_ADMIN_TOKEN"],
            "proxy": [
                "mode": "basic", "listen": nginxPort, "htpasswd": fixture.folder.appendingPathComponent("htpasswd").path,
                "file": fixture.folder.appendingPathComponent("portal-nginx.conf").path,
            ],
        ])
        let daemon = try await DaemonProcess(config: config, environment: ["TEST_ADMIN_TOKEN": "s3cret"])
        defer { daemon.stop() }
        #expect(await eventually { daemon.logText.contains("build finished") })
        try await NginxProcess.writeHtpasswd(fixture.folder.appendingPathComponent("htpasswd").path, [("client1", "pw-a"), ("stranger", "pw-x")])
        var configuration = try PortalConfiguration.load(from: URL(fileURLWithPath: config))
        configuration.server.port = daemon.port
        let nginxConfig = NginxConfig(configuration: configuration)
        try nginxConfig.serverBlock(proxySecret: nil).write(to: nginxConfig.serverFile, atomically: true, encoding: .utf8)
        let nginx = try await NginxProcess(serverFile: nginxConfig.serverFile, port: nginxPort, folder: fixture.folder)
        defer { nginx.stop() }

        // Client 1's open invoices, as its unpaid list shows them; one is opened three times, another never.
        let slug = "mueller-soehne-gmbh"
        let open = try fixture.page(slug, "invoices/unpaid.html").nodes("//main//table//a[@href]").compactMap { $0.attributes["href"] }
        #expect(open.count >= 2, "two open invoices to tell apart: \(open)")
        let opened = try #require(open.first), unopened = try #require(open.last)
        let a = "client1:pw-a"
        for path in ["/", "/invoices/\(opened)", "/invoices/\(opened)", "/statement/", "/invoices/\(opened)", "/assets/portal.css", "/missing.html"] {
            _ = try await nginx.get(path, user: a)
        }
        #expect(try await nginx.get("/invoices/\(opened)", user: "stranger:pw-x").status == 403)
        #expect(await eventually { ((try? String(contentsOf: fixture.viewsLog, encoding: .utf8)) ?? "").split(separator: "\n").count >= 8 })

        let result = try await Fixture.run(["views", "--config", config, "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let documents = report["documents"] as? [[String: Any]] ?? []
        // Documents only: the invoice and the statement, not the dashboard, a stylesheet or a missing page.
        #expect(Set(documents.map { $0["path"] as? String ?? "" }) == ["/invoices/\(opened)", "/statement/index.html"], "\(documents)")
        let invoice = try #require(documents.first { $0["path"] as? String == "/invoices/\(opened)" })
        #expect(invoice["client"] as? String == slug && invoice["kind"] as? String == "invoice")
        let viewers = invoice["viewers"] as? [[String: Any]] ?? []
        #expect(viewers.count == 1 && viewers.first?["login"] as? String == "client1" && viewers.first?["count"] as? Int == 3, "\(viewers)")
        #expect((viewers.first?["first"] as? String ?? "z") <= (viewers.first?["last"] as? String ?? ""))
        // The stranger's refused request, reported as refused and never as a view.
        let refused = report["refused"] as? [[String: Any]] ?? []
        #expect(refused.contains { $0["login"] as? String == "stranger" && $0["path"] as? String == "/invoices/\(opened)" && $0["status"] as? Int == 403 })
        // Filters: another client's views are none of these; a day after all of them leaves nothing.
        let other = try await Fixture.run(["views", "--config", config, "--client", "acme-quotes-co", "--json"])
        let otherDocuments = (try JSONSerialization.jsonObject(with: Data(other.stdout.utf8)) as? [String: Any])?["documents"] as? [Any]
        #expect(otherDocuments?.isEmpty == true, "\(other.stdout)")
        let later = try await Fixture.run(["views", "--config", config, "--since", "2999-01-01"])
        #expect(later.status == 0 && later.stdout.contains("no views"), "\(later.stdout)")
        let table = try await Fixture.run(["views", "--config", config, "--client", "1"])
        #expect(table.stdout.contains("invoice invoices/\(opened) (Invoice ") && table.stdout.contains("3 views"), "\(table.stdout)")
        let bad = try await Fixture.run(["views", "--config", config, "--since", "yesterday"])
        #expect(bad.status != 0 && bad.stderr.contains("--since yesterday"))

        // /admin/status: the opened invoice's last view and login; the other never opened.
        let status = try await NginxProcess.curl(["-s", "-H", "Authorization: Bearer s3cret", "http://127.0.0.1:\(daemon.port)/admin/status"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(status.body.utf8)) as? [String: Any])
        let invoices = (object["openInvoices"] as? [[String: Any]] ?? []).filter { $0["client"] as? String == slug }
        let id = { (href: String) in Int64(href.dropLast(".html".count)) }
        let seen = try #require(invoices.first { ($0["id"] as? NSNumber)?.int64Value == id(opened) }, "\(invoices)")
        #expect(seen["lastViewedBy"] as? String == "client1" && seen["views"] as? Int == 3 && seen["lastViewed"] is String)
        let unseen = try #require(invoices.first { ($0["id"] as? NSNumber)?.int64Value == id(unopened) })
        #expect(unseen["lastViewed"] == nil && unseen["views"] as? Int == 0)
        #expect(invoices.count == open.count, "every open invoice of the client: \(invoices.count) of \(open.count)")
    }
}

/// The daemon follows the views log as nginx appends to it, through logrotate's two ways of rotating.
@Suite struct ViewTailTests {
    static func line(_ path: String, _ time: String) -> String {
        #"{"time":"\#(time)","login":"anna%40example.com","client":"acme","path":"\#(path)","status":200,"bytes":10}"# + "\n"
    }

    @Test func appendsRotationsAndCopytruncateAreAllCounted() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("views-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let log = folder.appendingPathComponent("views.log")
        let tail = ViewTail(path: log.path)
        #expect(await tail.current().documents.isEmpty, "no log yet: no views")
        let pdf = Self.line("/invoices/7.pdf", "2026-12-01T09:00:01+01:00")
        let half = pdf.index(pdf.startIndex, offsetBy: 40)
        try (Self.line("/invoices/7.html", "2026-12-01T09:00:00+01:00") + pdf[..<half]).write(to: log, atomically: false, encoding: .utf8)
        // The half-written last line waits for its end.
        var views = await tail.current()
        #expect(views.lastView(client: "acme", paths: ["/invoices/7.html"])?.login == "anna@example.com")
        #expect(views.skipped == 0 && views.documents.count == 1)
        let handle = try FileHandle(forWritingTo: log)
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(pdf[half...].utf8))
        try handle.close()
        views = await tail.current()
        #expect(views.documents.count == 2, "the finished line: \(views.documents.map(\.path))")
        // copytruncate: the file is emptied in place and written again.
        try Self.line("/quotes/3.html", "2026-12-02T10:00:00+01:00").write(to: log, atomically: false, encoding: .utf8)
        views = await tail.current()
        #expect(views.documents.count == 3)
        // create: the file is moved away and a new one started.
        try FileManager.default.moveItem(at: log, to: folder.appendingPathComponent("views.log.1"))
        try Self.line("/statement/", "2026-12-03T11:00:00+01:00").write(to: log, atomically: false, encoding: .utf8)
        views = await tail.current()
        #expect(views.documents.map(\.path).contains("/statement/index.html"))
        #expect(views.lastView(client: "acme", paths: ["/invoices/7.html", "/invoices/7.pdf"])?.last == "2026-12-01T09:00:01+01:00")
    }
}

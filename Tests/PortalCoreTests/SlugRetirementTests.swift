import Foundation
import GRDB
import PortalTestSupport
import Testing

@testable import PortalCore

/// A slug, once given, stays with its client: a newcomer with a similar name never inherits a retired
/// client's folder (the retired client's login would be served the newcomer's site until nginx reloads),
/// trust follows client ids only, and the proxy is told when its login map changed.
@Suite struct SlugRetirementTests {
    @Test func aRetiredSlugIsNeverGivenToAnotherClient() {
        let configuration = PortalConfiguration(
            database: .sqlite(URL(fileURLWithPath: "/x")), output: URL(fileURLWithPath: "/o"), themes: URL(fileURLWithPath: "/t"))
        // Client 7 ("Acme") had "acme" and no longer qualifies; client 12, named "ACME", appears.
        let clients = ClientDirectory.assignSlugs([(id: 12, name: "ACME")], configuration: configuration, previous: [7: "acme"])
        #expect(clients.map(\.slug) == ["acme-12"])
        // When client 7 qualifies again, it gets its own slug back.
        let again = ClientDirectory.assignSlugs(
            [(id: 7, name: "Acme"), (id: 12, name: "ACME")], configuration: configuration, previous: [7: "acme", 12: "acme-12"])
        #expect(again.map(\.slug) == ["acme", "acme-12"])
    }

    @Test func aClientThatStopsQualifyingKeepsItsSlugFromANewcomer() async throws {
        let fixture = try Fixture(clients: 3, entries: 5, invoices: 1)
        // The third client has no portal yet; its name makes the same slug as the first one's.
        let newcomer = try await fixture.database().write { db -> Int64 in
            let id = try Int64.fetchOne(db, sql: "SELECT MAX(id) FROM clients")!
            try db.execute(sql: "UPDATE clients SET status = 'inactive', name = 'Müller + Söhne GmbH' WHERE id = ?", arguments: [id])
            return id
        }
        try await fixture.build()
        #expect(FileManager.default.fileExists(atPath: fixture.site("mueller-soehne-gmbh").path))
        // The first client leaves the portal as the newcomer joins.
        try await fixture.database().write { db in
            try db.execute(sql: "UPDATE clients SET status = 'inactive' WHERE name = 'Müller & Söhne GmbH'")
            try db.execute(sql: "UPDATE clients SET status = 'active' WHERE id = ?", arguments: [newcomer])
        }
        let report = try await fixture.build()
        #expect(report.removed == ["mueller-soehne-gmbh"])
        let site = try #require(report.clients.first { $0.clientID == newcomer }, "the newcomer did not qualify")
        #expect(site.slug == "mueller-soehne-gmbh-\(newcomer)", "the newcomer was given \(site.slug)")
    }

    @Test func trustIsHonouredUnderTheClientsIDOnly() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("portalgen-trust-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("config.json")
        try #"{"database": "x.sqlite", "clients": {"acme": {"trustCustomHTML": true}, "5": {"trustCustomHTML": true}}}"#.write(
            to: file, atomically: true, encoding: .utf8)
        let configuration = try PortalConfiguration.load(from: file)
        let clients = ClientDirectory.assignSlugs([(id: 4, name: "Acme"), (id: 5, name: "Beta")], configuration: configuration)
        #expect(clients.map(\.trustsCustomHTML) == [false, true])
        let warning = try #require(PortalConfiguration.slugKeyedTrustWarning(key: "acme", configuration.clients["acme"]!))
        #expect(warning.contains("clients.acme.trustCustomHTML is ignored"))
        #expect(PortalConfiguration.slugKeyedTrustWarning(key: "5", configuration.clients["5"]!) == nil)
    }

    @Test func theProxyIsReloadedWhenTheLoginMapChangesAndAFailureIsReported() async throws {
        let fixture = try Fixture(clients: 2, entries: 5, invoices: 1)
        let calls = fixture.folder.appendingPathComponent("reloads.txt")
        fixture.configuration.proxy.file = fixture.folder.appendingPathComponent("portal-nginx.conf").path
        fixture.configuration.proxy.reloadCommand = "echo reload >> '\(calls.path)'"
        #expect(try await fixture.build().proxyReload == .reloaded)
        #expect(try await fixture.build().proxyReload == nil, "the map did not change: no reload")
        #expect(try String(contentsOf: calls, encoding: .utf8) == "reload\n")

        try await fixture.database().write { db in try db.execute(sql: "UPDATE clients SET status = 'inactive' WHERE name = 'Müller & Söhne GmbH'") }
        fixture.configuration.proxy.reloadCommand = "echo 'nginx: [emerg] unexpected end of file' >&2; exit 3"
        let report = try await fixture.build()
        guard case .failed(let message)? = report.proxyReload else {
            Issue.record("a failing reload command was not reported: \(String(describing: report.proxyReload))")
            return
        }
        #expect(message.contains("exited with status 3") && message.contains("unexpected end of file"), "\(message)")
    }

    /// Only a build, which publishes at the slugs, records them: listing clients or checking the configuration
    /// writes nothing into the output folder; a command that cannot run says why in one `Error:` line.
    @Test func listingClientsWritesNoSlugRegistry() async throws {
        let fixture = try Fixture(clients: 3, entries: 5, invoices: 1)
        let config = try fixture.writeConfig()
        let registry = fixture.configuration.output.appendingPathComponent(".portalgen-slugs.json")
        let listed = try await Fixture.run(["clients", "--config", config])
        #expect(listed.status == 0 && listed.stdout.contains("mueller-soehne-gmbh"), "\(listed.stderr)")
        _ = try await Fixture.run(["check", "--config", config])
        #expect(!FileManager.default.fileExists(atPath: registry.path))
        let triggers = try await Fixture.run(["triggers", "--config", config])
        #expect(triggers.status == 0 && triggers.stdout.contains("CREATE TABLE IF NOT EXISTS portalgen_changes"), "\(triggers.stderr)")
        #expect(!FileManager.default.fileExists(atPath: registry.path))
        let missing = try await Fixture.run(["triggers", "--config", config + ".missing"])
        #expect(missing.status != 0 && missing.stderr.hasPrefix("Error: ") && missing.stderr.contains("pass --config"), "\(missing.stderr)")
        try await fixture.build()
        #expect(FileManager.default.fileExists(atPath: registry.path))
    }
}

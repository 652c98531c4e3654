import Foundation
import GRDB
import PortalTestSupport
import Testing

@testable import PortalCore

/// Builds the demo database and checks the generated pages against values computed from the same data.
@Suite struct GeneratedSiteTests {
    let fixture: Fixture
    let report: BuildReport

    init() async throws {
        fixture = try Fixture()
        report = try await fixture.build()
    }

    func money(_ value: Double, _ currency: String) -> String {
        Money(Decimal(string: String(format: "%.2f", value))!, currency).formatted
    }

    func slug(ofClient id: Int64) throws -> String {
        try #require(report.clients.first { $0.clientID == id }?.slug)
    }

    @Test func everyQualifyingClientIsBuilt() throws {
        #expect(report.succeeded)
        #expect(
            report.clients.map(\.slug).sorted() == [
                "acme-quotes-co", "cafe-ole-s-l", "lindqvist-berg-ab", "mueller-soehne-gmbh", "nakamura-zhu-shi-hui-she", "oreilly-sons",
                "severstal-konsalting", "zeta-startup",
            ])
        for result in report.clients { #expect(result.publish?.written == result.files) }
    }

    @Test func invoiceDetailShowsStoredTotalsAndAmountDue() throws {
        let rows = try fixture.database().read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT i.id, i.client_id, i.total_amount, i.subtotal, COALESCE(i.amount_paid, 0) AS paid, i.currency_code, i.payment_status, i.status,
                           (SELECT COALESCE(SUM(amount), 0) FROM credit_notes c WHERE c.invoice_id = i.id) AS credits
                    FROM invoices i WHERE i.status <> 'draft'
                    """)
        }
        #expect(rows.count > 20)
        for row in rows {
            let clientID: Int64 = row["client_id"]
            guard let result = report.clients.first(where: { $0.clientID == clientID }), result.files > 0,
                FileManager.default.fileExists(atPath: fixture.site(result.slug).appendingPathComponent("invoices").path)
            else { continue }
            let page = try fixture.page(result.slug, "invoices/\(row["id"] as Int64).html")
            let currency: String = row["currency_code"]
            #expect(page.text("//table[contains(@class,'totals')]//tr[contains(@class,'grand')]/td") == money(row["total_amount"], currency))
            #expect(page.text("//table[contains(@class,'totals')]//tr[th='Subtotal']/td") == money(row["subtotal"], currency))
            let due =
                Decimal(string: String(format: "%.2f", row["total_amount"] as Double))! - Decimal(string: String(format: "%.2f", row["paid"] as Double))!
                - Decimal(string: String(format: "%.2f", row["credits"] as Double))!
            let dueText = page.text("//table[contains(@class,'totals')]//tr[contains(@class,'due')]/td")
            if (row["payment_status"] as String) == "fully_paid" || (row["status"] as String) == "cancelled" {
                #expect(dueText == nil)
            } else if due < 0 {
                // Overpaid: the client's credit, never a negative amount due.
                #expect(dueText == nil)
                #expect(page.text("//table[contains(@class,'totals')]//tr[contains(@class,'credit')]/td") == Money(-due, currency).formatted)
            } else {
                #expect(dueText == Money(due, currency).formatted)
            }
        }
    }

    @Test func projectHoursMatchRoundedEntrySums() throws {
        let slug = try slug(ofClient: 1)
        let durations = try fixture.database().read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT p.name, t.duration_seconds FROM time_entries t JOIN projects p ON p.id = t.project_id
                    WHERE p.client_id = 1 AND p.status = 'active' AND t.end_time IS NOT NULL
                    """)
        }
        var expected: [String: Int] = [:]
        for row in durations {
            let seconds: Int? = row["duration_seconds"]
            expected[row["name"], default: 0] += Int((Double(String(format: "%.2f", Double(seconds ?? 0) / 3600))! * 100).rounded())
        }
        let page = try fixture.page(slug, "projects/index.html")
        let cards = page.nodes("//article[contains(@class,'project')]")
        #expect(cards.count == expected.count)
        for (name, centi) in expected {
            let hours = page.text("//article[.//h2[normalize-space()=\"\(name)\"]]//dl/div[dt='Total hours']/dd")
            #expect(hours == Hours(centi: centi).short, "\(name)")
        }
    }

    @Test func reportDayTablesListEveryBusyDayOfTheirWindow() throws {
        let slug = try slug(ofClient: 1)
        for days in [30, 365] {
            let csv = try String(contentsOf: fixture.site(slug).appendingPathComponent("reports/\(days)d.csv"), encoding: .utf8)
            let lines = csv.components(separatedBy: "\r\n")
            let start = try #require(lines.firstIndex(of: "Date,Hours"))
            let csvHours = lines[(start + 1)...].prefix { !$0.isEmpty }.map { String($0.split(separator: ",")[1]) + "h" }
            let page = try fixture.page(slug, days == 30 ? "reports/index.html" : "reports/365d.html")
            let tableHours = page.texts("//table[caption='Hours per day']/tbody/tr/td[2]")
            #expect(!tableHours.isEmpty)
            #expect(tableHours == csvHours, "\(days) days")
            // The period's newest 20 entries, in the time-entry table of the theme.
            let caption = try #require(page.text("//p[@class='stat-caption'][contains(., 'entries in the last')]"))
            let periodEntries = try #require(Int(caption.prefix { $0.isNumber }))
            #expect(page.nodes("//section[@aria-labelledby='recent-heading']//table/tbody/tr").count == min(20, periodEntries))
            // The CSV's summary and project rows are the page's figures: the window's hours, not every hour ever.
            func csvValue(_ label: String) -> String? { lines.first { $0.hasPrefix(label + ",") }.map { String($0.dropFirst(label.count + 1)) } }
            func oneDecimal(_ text: String?) -> String? { text.flatMap(Double.init).map { String(format: "%.1fh", $0) } }
            #expect(oneDecimal(csvValue("Hours in the last \(days) days")) == page.text("//div[h2='Hours']/p[@class='stat-value']"), "\(days) days")
            #expect(
                oneDecimal(csvValue("Billable hours in the last \(days) days")) == page.text("//div[h2='Billable hours']/p[@class='stat-value']"),
                "\(days) days")
            let periods = page.texts("//table[.//th='Total hours']/tbody/tr/td[1]").map { $0.replacingOccurrences(of: "h", with: "") }
            let start2 = try #require(lines.firstIndex(of: "Project,Last \(days) days,Total hours,Billable hours"))
            let csvPeriods = lines[(start2 + 1)...].prefix { !$0.isEmpty }.compactMap { $0.split(separator: ",").dropLast(2).last.map(String.init) }
            #expect(csvPeriods == periods, "\(days) days")
        }
    }

    @Test func statusFiltersListExactlyTheirInvoices() throws {
        let slug = try slug(ofClient: 1)
        func numbers(_ sql: String) throws -> Set<String> {
            Set(
                try fixture.database().read { db in
                    try String.fetchAll(db, sql: "SELECT invoice_number FROM invoices WHERE client_id = 1 AND status NOT IN ('draft') AND " + sql)
                })
        }
        func listed(_ file: String) throws -> Set<String> { Set(try fixture.page(slug, "invoices/\(file)").texts("//tbody/tr/td[1]/a")) }
        #expect(try listed("index.html") == numbers("1"))
        #expect(try listed("paid.html") == numbers("status <> 'cancelled' AND payment_status = 'fully_paid'"))
        #expect(try listed("unpaid.html") == numbers("status <> 'cancelled' AND payment_status IN ('unpaid','partially_paid')"))
        let overdue = try numbers("status IN ('sent','overdue') AND payment_status NOT IN ('fully_paid','overpaid') AND due_date < '2026-11-20'")
        #expect(try listed("overdue.html") == overdue)
        #expect(!overdue.isEmpty)
        let drafts = try fixture.database().read { db in try Int64.fetchAll(db, sql: "SELECT id FROM invoices WHERE client_id = 1 AND status = 'draft'") }
        #expect(!drafts.isEmpty)
        for id in drafts { #expect(!FileManager.default.fileExists(atPath: fixture.site(slug).appendingPathComponent("invoices/\(id).html").path)) }
    }

    @Test func nothingInternalAndNothingOfAnotherClientAppears() throws {
        let numbers = try fixture.database().read { db in
            try Row.fetchAll(db, sql: "SELECT client_id, invoice_number FROM invoices").map { ($0[0] as Int64, $0[1] as String) }
        }
        for result in report.clients {
            let foreign = numbers.filter { $0.0 != result.clientID }.map(\.1)
            for file in fixture.files(result.slug) where !file.hasSuffix(".ico") && !file.hasSuffix(".png") {
                let text = try String(contentsOf: fixture.site(result.slug).appendingPathComponent(file), encoding: .utf8)
                #expect(!text.contains("INTERNAL"), "\(result.slug)/\(file)")
                #expect(!text.contains("RUNNING TIMER"), "\(result.slug)/\(file)")
                for number in foreign where text.contains(number) {
                    Issue.record("\(result.slug)/\(file) shows another client's invoice \(number)")
                }
            }
        }
    }

    @Test func markupInNamesIsEscaped() async throws {
        let hostile = try Fixture(clients: 8, entries: 10, invoices: 1, hostile: true)
        try await hostile.build()
        let page = try hostile.page("alert-pwned-labs", "index.html")
        #expect(page.text("//header//span[@class='client-name']") == "<script>alert('pwned')</script> Labs")
        #expect(page.nodes("//script").count == 3)
        #expect(page.nodes("//script")[0].attributes["src"]?.hasPrefix("assets/live.js?v=") == true)
        #expect(page.nodes("//script")[1].attributes["src"]?.hasPrefix("assets/print.js?v=") == true)
        #expect(page.nodes("//script")[2].attributes["src"]?.hasPrefix("assets/search.js?v=") == true)
        let acme = try fixture.page("acme-quotes-co", "invoices/index.html")
        #expect(acme.nodes("//header//b").isEmpty)
        #expect(acme.text("//header//span[@class='client-name']") == "<b>Acme</b> \"Quotes\" & 'Co'")
    }

    @Test func runningTimersAreLeftOutOfListsAndTotals() throws {
        let slug = try slug(ofClient: 1)
        let (completed, running) = try fixture.database().read { db in
            (
                try Int.fetchOne(
                    db,
                    sql:
                        "SELECT COUNT(*) FROM time_entries t LEFT JOIN projects p ON p.id = t.project_id WHERE ((p.client_id = 1 AND p.status = 'active') OR (t.project_id IS NULL AND t.client_id = 1)) AND t.end_time IS NOT NULL"
                )!,
                try Int.fetchOne(
                    db, sql: "SELECT COUNT(*) FROM time_entries t JOIN projects p ON p.id = t.project_id WHERE p.client_id = 1 AND t.end_time IS NULL")!
            )
        }
        #expect(running == 2)
        let page = try fixture.page(slug, "time-entries/index.html")
        #expect(page.text("//p[@class='summary']/strong[1]") == String(completed))
        // Every entry is listed once on the pages of its month, and once on those of its project.
        for prefix in ["time-entries/month-", "time-entries/project-"] {
            var pages = fixture.files(slug).filter { $0.hasPrefix(prefix) }
            if prefix.hasSuffix("project-") { pages += ["time-entries/direct.html"] }
            let rows = try pages.reduce(0) { $0 + (try fixture.page(slug, $1).nodes("//table/tbody/tr").count) }
            #expect(rows == completed, "\(prefix)")
        }
        let monthCounts = page.texts("//table[caption='Time entries per month']/tbody/tr/td[1]").compactMap { Int($0) }
        #expect(monthCounts.reduce(0, +) == completed)
        let csv = try String(contentsOf: fixture.site(slug).appendingPathComponent("time-entries/time-entries.csv"), encoding: .utf8)
        #expect(csv.split(separator: "\r\n").count == completed + 1)
    }

    @Test func directEntriesShowAsDirect() throws {
        let page = try fixture.page(try slug(ofClient: 1), "time-entries/direct.html")
        let projects = Set(page.texts("//table/tbody/tr/td[2]"))
        #expect(projects == ["(Direct)"])
    }

    @Test func dashboardFollowsStoredWidgetOrder() throws {
        // Client 2's layout: widget_ids [stats, projects, invoices], order [invoices, stats, projects].
        let page = try fixture.page("acme-quotes-co", "index.html")
        let headings = page.texts("//main/section/h2 | //main/section//div[@class='card-head']/h2 | //main/section[@aria-label]/@aria-label")
        #expect(headings.first == "Recent invoices")
        #expect(page.nodes("//section[@class='stats']").count == 1)
        #expect(page.text("//*[@id='entries-title']") == nil)
    }

    @Test func togglesHidePagesAndLinks() throws {
        // Acme hides time entries, Café Olé hides invoices (client_portal_customizations).
        #expect(!fixture.files("acme-quotes-co").contains { $0.hasPrefix("time-entries/") })
        #expect(try fixture.page("acme-quotes-co", "index.html").nodes("//a[contains(@href,'time-entries')]").isEmpty)
        #expect(!fixture.files("cafe-ole-s-l").contains { $0.hasPrefix("invoices/") })
        #expect(try fixture.page("cafe-ole-s-l", "reports/index.html").nodes("//a[contains(@href,'invoices')]").isEmpty)
    }

    @Test func linksAreRelativeAndResolve() throws {
        for slug in ["mueller-soehne-gmbh", "acme-quotes-co"] {
            let root = fixture.site(slug)
            for file in fixture.files(slug) where file.hasSuffix(".html") {
                let page = try fixture.page(slug, file)
                for node in page.nodes("//a[@href] | //link[@href] | //script[@src]") {
                    let target = node.attributes["href"] ?? node.attributes["src"] ?? ""
                    if target.hasPrefix("http") || target.hasPrefix("mailto:") || target.hasPrefix("#") || target.isEmpty { continue }
                    #expect(!target.hasPrefix("/"), "\(file): \(target)")
                    if target.hasSuffix("live") { continue }
                    let path = String(target.prefix { $0 != "?" })  // asset URLs carry ?v=<version>
                    let resolved = root.appendingPathComponent(file).deletingLastPathComponent().appendingPathComponent(path).standardizedFileURL
                    #expect(FileManager.default.fileExists(atPath: resolved.path), "\(slug)/\(file) links to missing \(target)")
                }
            }
        }
    }

    /// Every asset URL ends with a digest of the site's assets, so browsers fetch changed CSS at once.
    @Test func assetURLsCarryTheVersionOfTheAssets() throws {
        var versions: Set<String> = []
        for slug in ["mueller-soehne-gmbh", "acme-quotes-co"] {
            let assets = try fixture.files(slug).filter { $0.hasPrefix("assets/") }.map {
                SiteFile(path: $0, bytes: Array(try Data(contentsOf: fixture.site(slug).appendingPathComponent($0))))
            }
            let version = SiteRenderer.version(of: assets)
            for file in ["index.html", "invoices/index.html", "reports/90d.html"] {
                let urls = try fixture.page(slug, file).nodes("//link[@rel='stylesheet'] | //script[@src] | //img[contains(@src,'assets/')]")
                    .compactMap { $0.attributes["href"] ?? $0.attributes["src"] }.filter { $0.contains("assets/") }
                #expect(urls.count >= 3, "\(slug)/\(file): \(urls)")
                for url in urls { #expect(url.hasSuffix("?v=\(version)"), "\(slug)/\(file): \(url)") }
            }
            versions.insert(version)
        }
        #expect(versions.count == 2)  // their branding colours differ
    }

    @Test func rebuildingUnchangedDataWritesNothing() async throws {
        let site = fixture.site("oreilly-sons").resolvingSymlinksInPath()
        let before = try FileManager.default.attributesOfItem(atPath: site.appendingPathComponent("index.html").path)[.modificationDate] as? Date
        let second = try await fixture.build(now: Date(timeIntervalSince1970: 1_795_100_000))
        #expect(second.written == 0)
        #expect(second.unchanged == report.written)
        #expect(fixture.site("oreilly-sons").resolvingSymlinksInPath() == site)
        let after = try FileManager.default.attributesOfItem(atPath: site.appendingPathComponent("index.html").path)[.modificationDate] as? Date
        #expect(before == after)
    }

    @Test func changingOneClientRewritesOnlyItsChangedPages() async throws {
        let other = fixture.site("zeta-startup").resolvingSymlinksInPath()
        try await fixture.database().write { db in
            try db.execute(
                sql:
                    "UPDATE invoices SET payment_status = 'fully_paid', status = 'paid', amount_paid = total_amount WHERE id = (SELECT MIN(id) FROM invoices WHERE client_id = 1 AND payment_status = 'unpaid' AND status = 'sent')"
            )
        }
        let second = try await fixture.build(now: Date(timeIntervalSince1970: 1_795_200_000))
        let changed = try #require(second.clients.first { $0.clientID == 1 }?.publish)
        #expect(changed.written > 0)
        #expect(changed.written < 20)
        #expect(changed.changedPaths.contains("invoices/paid.html"))
        #expect(!changed.changedPaths.contains("activity/index.html"))
        #expect(second.clients.filter { $0.clientID != 1 }.allSatisfy { $0.publish?.written == 0 })
        #expect(fixture.site("zeta-startup").resolvingSymlinksInPath() == other)
        // Every page says the day its figures are for, not when it was written (the same on every replica).
        for path in ["activity/index.html", "invoices/paid.html"] {
            let day = try fixture.page(try slug(ofClient: 1), path).nodes("//footer//time").first?.attributes["datetime"]
            #expect(day == fixture.configuration.today?.iso, "\(path)")
        }
    }

    @Test func clientsThatStopQualifyingAreRemoved() async throws {
        #expect(FileManager.default.fileExists(atPath: fixture.site("zeta-startup").path))
        try await fixture.database().write { db in try db.execute(sql: "UPDATE clients SET status = 'inactive' WHERE id = 8") }
        let second = try await fixture.build()
        #expect(second.removed == ["zeta-startup"])
        #expect(!FileManager.default.fileExists(atPath: fixture.site("zeta-startup").path))
    }

    @Test func pagesAreWellFormed() throws {
        for result in report.clients {
            for file in fixture.files(result.slug) where file.hasSuffix(".html") {
                let page = try fixture.page(result.slug, file)
                #expect(page.errors.isEmpty, "\(result.slug)/\(file): \(page.errors)")
                #expect(page.nodes("//main").count == 1)
                #expect(page.nodes("//h1").count == 1, "\(result.slug)/\(file)")
                #expect(page.nodes("//table[not(thead/tr/th[@scope='col']) and not(contains(@class,'totals'))]").isEmpty, "\(file)")
            }
        }
    }
}

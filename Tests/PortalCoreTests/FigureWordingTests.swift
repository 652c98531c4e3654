import Foundation
import GRDB
import PortalTestSupport
import Testing

@testable import PortalCore

/// Figures that were computed right but read wrong (issue "Each client reads the portal in their own
/// language…", list of figures), each checked against TimeTracker's sample.
@Suite(.enabled(if: FileManager.default.fileExists(atPath: samplePath))) struct FigureWordingTests {
    /// An overpaid invoice shows the client's credit, never a negative "Amount due".
    @Test func overpaidInvoicesShowACredit() async throws {
        let fixture = try Fixture(databasePath: samplePath)
        let report = try await fixture.build()
        let overpaid = try await readOnlySample().read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT i.id, i.client_id, i.currency_code, i.amount_paid - i.total_amount
                           + (SELECT coalesce(sum(amount), 0) FROM credit_notes WHERE invoice_id = i.id) AS credit
                      FROM invoices i WHERE i.payment_status = 'overpaid' AND i.status NOT IN ('draft', 'cancelled')
                    """)
        }
        var checked = 0
        for row in overpaid {
            guard let result = report.clients.first(where: { $0.clientID == row["client_id"] as Int64 }),
                FileManager.default.fileExists(atPath: fixture.site(result.slug).appendingPathComponent("invoices/\(row["id"] as Int64).html").path)
            else { continue }  // no portal, or invoices hidden by its branding
            let page = try fixture.page(result.slug, "invoices/\(row["id"] as Int64).html")
            let credit = Money(Decimal(string: String(format: "%.2f", row["credit"] as Double))!, row["currency_code"]).formatted
            #expect(page.text("//tr[contains(@class,'credit')]/td") == credit, "invoice \(row["id"] as Int64)")
            #expect(page.nodes("//tr[contains(@class,'due')]").isEmpty, "invoice \(row["id"] as Int64) still shows an amount due")
            let list = try fixture.page(result.slug, "invoices/index.html")
            #expect(!list.texts("//tbody//td[@data-label='Amount due']").contains { $0.hasPrefix("-") }, "\(result.slug): a negative amount due")
            checked += 1
        }
        #expect(checked >= 1)
    }

    /// Payment methods read as their brands write them (`paypal` → PayPal), never `Paypal`.
    @Test func paymentMethodsKeepTheirBrandNames() async throws {
        let fixture = try Fixture(databasePath: samplePath)
        let report = try await fixture.build()
        var seen: Set<String> = []
        for result in report.clients where FileManager.default.fileExists(atPath: fixture.site(result.slug).appendingPathComponent("payments/index.html").path)
        {
            seen.formUnion(try fixture.page(result.slug, "payments/index.html").texts("//tbody//td[@data-label='Method']"))
        }
        #expect(seen.contains("PayPal") && !seen.contains("Paypal"), "\(seen)")
        #expect(!seen.contains("Credit Card") && !seen.contains("Bank Transfer"), "\(seen)")
    }

    /// "Cost vs budget" counts billable hours only: non-billable time costs the client nothing.
    @Test func costAgainstBudgetCountsBillableHoursOnly() async throws {
        let fixture = try Fixture(databasePath: samplePath)
        let report = try await fixture.build()
        let projects = try await readOnlySample().read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT p.id, p.client_id, p.hourly_rate, p.budget_amount,
                           sum(CASE WHEN t.billable = 1 THEN t.duration_seconds ELSE 0 END) AS billable,
                           sum(CASE WHEN t.billable = 0 THEN 1 ELSE 0 END) AS unbilled
                      FROM projects p JOIN time_entries t ON t.project_id = p.id AND t.end_time IS NOT NULL
                     WHERE p.status = 'active' AND p.budget_amount > 0 AND p.hourly_rate > 0 GROUP BY p.id
                    """)
        }
        var checked = 0
        for row in projects where (row["unbilled"] as Int) > 0 {
            let id: Int64 = row["id"]
            guard let result = report.clients.first(where: { $0.clientID == row["client_id"] as Int64 }),
                FileManager.default.fileExists(atPath: fixture.site(result.slug).appendingPathComponent("projects/\(id).html").path)
            else { continue }  // no portal, or projects hidden by its branding
            // Hours per entry rounded to two decimals, as TimeTracker rounds them, then times the rate.
            let entries = try await readOnlySample().read { db in
                try Int.fetchAll(
                    db, sql: "SELECT duration_seconds FROM time_entries WHERE project_id = ? AND end_time IS NOT NULL AND billable = 1", arguments: [id])
            }
            let centi = entries.reduce(0) { $0 + Hours(seconds: $1).centi }
            let cost = Decimal(centi) / 100 * Decimal(string: String(format: "%.2f", row["hourly_rate"] as Double))!
            let page = try fixture.page(result.slug, "projects/\(id).html")
            let label = page.text("//span[@class='progress-label'][starts-with(., 'Cost vs budget (billable hours): ')]")
            let shown = label?.dropFirst("Cost vs budget (billable hours): ".count).components(separatedBy: "\u{A0}").first
            #expect(shown == Money.number(cost), "project \(id): \(label ?? "no bar")")
            checked += 1
        }
        #expect(checked >= 1)
    }

    /// Rates and budgets are in the currency the client is invoiced in, and the page says so (Nakamura's
    /// projects showed "110.00 EUR" beside invoices in USD).
    @Test func ratesAreInTheClientsInvoiceCurrency() async throws {
        let fixture = try Fixture(databasePath: samplePath)
        let report = try await fixture.build()
        let nakamura = try #require(report.clients.first { $0.clientID == 3 })
        let page = try fixture.page(nakamura.slug, "projects/index.html")
        let rates = page.texts("//div[dt='Hourly rate']/dd")
        #expect(rates.contains("110.00\u{A0}USD") && !rates.contains { $0.contains("EUR") }, "\(rates)")
        #expect(page.texts("//p").contains("Rates and budgets are in USD, the currency you are invoiced in."))
    }

    /// One rule for counts: the dashboard's invoice count is the invoice list's "All" count.
    @Test func invoiceCountsAgree() async throws {
        let fixture = try Fixture(databasePath: samplePath)
        let report = try await fixture.build()
        var checked = 0
        for result in report.clients where FileManager.default.fileExists(atPath: fixture.site(result.slug).appendingPathComponent("invoices/index.html").path)
        {
            let dashboard = try fixture.page(result.slug, "index.html")
            guard let count = dashboard.text("//div[h2='Invoices']/p[@class='stat-value']") else { continue }
            let all = try fixture.page(result.slug, "invoices/index.html").text("//nav[@class='tabs']//a[contains(., 'All')]/span[@class='count']")
            #expect(all == "(\(count))", "\(result.slug): dashboard \(count), All tab \(all ?? "none")")
            checked += 1
        }
        #expect(checked >= 3)
    }

    /// "Waiting for you" counts each unpaid invoice once: the overdue ones are said inside the unpaid count
    /// ("3 Unpaid invoices (including 2 overdue)"), never as a second item adding up to more invoices than
    /// the client owes on. Counts are checked against SQL.
    @Test func waitingForYouNeverCountsAnInvoiceTwice() async throws {
        let fixture = try Fixture(databasePath: samplePath)
        let report = try await fixture.build()
        let today = "2026-11-18"  // the fixture's clock
        let database = try fixture.database()
        var overdueSeen = 0
        for result in report.clients where FileManager.default.fileExists(atPath: fixture.site(result.slug).appendingPathComponent("invoices/index.html").path)
        {
            let (unpaid, overdue) = try await database.read { db in
                let rows = try Row.fetchAll(
                    db,
                    sql: """
                        SELECT status, payment_status, due_date FROM invoices
                        WHERE client_id = ? AND status NOT IN ('draft', 'cancelled') AND payment_status IN ('unpaid', 'partially_paid')
                        """, arguments: [result.clientID])
                let overdue = rows.filter { ["sent", "overdue"].contains($0["status"] as String) && ($0["due_date"] as String? ?? "9999") < today }
                return (rows.count, overdue.count)
            }
            let items = try fixture.page(result.slug, "index.html").texts("//ul[@class='actions']/li")
            let invoiceItems = items.filter { $0.contains("invoice") }
            if unpaid == 0 {
                #expect(invoiceItems.isEmpty, "\(result.slug): \(invoiceItems)")
                continue
            }
            let expected = "\(unpaid) \(unpaid == 1 ? "Unpaid invoice" : "Unpaid invoices")" + (overdue > 0 ? " (including \(overdue) overdue)" : "")
            #expect(invoiceItems.count == 1 && invoiceItems[0].hasPrefix(expected), "\(result.slug): \(invoiceItems) expected \(expected)")
            overdueSeen += overdue
        }
        #expect(overdueSeen > 0, "the sample has overdue invoices")
    }

    /// CSVs open right in spreadsheets: UTF-8 with a BOM; a semicolon where the locale's decimal separator
    /// is a comma; decimals with a point either way.
    @Test func csvFilesCarryABOMAndTheLocalesSeparator() async throws {
        let fixture = try Fixture(databasePath: samplePath)
        fixture.configuration.clients = ["3": ClientSettings(locale: "de-DE")]
        let report = try await fixture.build()
        let nakamura = try #require(report.clients.first { $0.clientID == 3 })
        let other = try #require(report.clients.first { $0.clientID == 1 })
        let german = try Data(contentsOf: fixture.site(nakamura.slug).appendingPathComponent("time-entries/time-entries.csv"))
        #expect(german.starts(with: [0xEF, 0xBB, 0xBF]))
        let text = String(decoding: german.dropFirst(3), as: UTF8.self)
        #expect(text.hasPrefix("Datum;Beginn;Ende;Projekt;Aufgabe;Person;Stunden;Abrechenbar;Beschreibung\r\n"), "\(text.prefix(120))")
        // Rows without quoted fields: the hours column keeps its decimal point.
        let rows = text.split(separator: "\r\n").dropFirst().filter { !$0.contains("\"") }.map { $0.split(separator: ";", omittingEmptySubsequences: false) }
        #expect(!rows.isEmpty && rows.allSatisfy { $0.count == 9 && $0[6].contains(".") && !$0[6].contains(",") })
        let english = try Data(contentsOf: fixture.site(other.slug).appendingPathComponent("statement/statement.csv"))
        #expect(english.starts(with: [0xEF, 0xBB, 0xBF]) && String(decoding: english.dropFirst(3), as: UTF8.self).hasPrefix("Date,Type,Document,"))
    }

    /// TimeTracker's `export_delimiter` of TAB is honoured (a whitespace-only value used to be dropped as empty).
    @Test func aTabExportDelimiterIsHonoured() async throws {
        let fixture = try Fixture(clients: 2, entries: 10, invoices: 2)
        try await fixture.database().write { db in try db.execute(sql: "UPDATE settings SET export_delimiter = ?", arguments: ["\t"]) }
        let report = try await fixture.build()
        let slug = try #require(report.clients.first).slug
        let csv = String(decoding: try Data(contentsOf: fixture.site(slug).appendingPathComponent("statement/statement.csv")).dropFirst(3), as: UTF8.self)
        #expect(csv.hasPrefix("Date\tType\tDocument\t"), "\(csv.prefix(80))")
    }

    /// The activity speaks to the client: no staff log lines, no H:MM:SS durations.
    @Test func activityReadsAsSentencesForTheClient() async throws {
        let fixture = try Fixture(databasePath: samplePath)
        let report = try await fixture.build()
        var titles: [String] = []
        for result in report.clients where FileManager.default.fileExists(atPath: fixture.site(result.slug).appendingPathComponent("activity/index.html").path)
        {
            titles += try fixture.page(result.slug, "activity/index.html").texts("//li//p[contains(@class,'title')] | //li//h3 | //article//h3")
        }
        #expect(!titles.isEmpty)
        #expect(
            !titles.contains { $0.contains("Created time entry") || $0.range(of: #"\d+:\d\d:\d\d"#, options: .regularExpression) != nil },
            "\(titles.prefix(10))")
    }
}

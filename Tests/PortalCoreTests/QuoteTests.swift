import Foundation
import GRDB
import PortalTestSupport
import Testing

@testable import PortalCore

/// Quotes (PORTAL_SPEC 4.9): what the client sees of them, against SQL on the same database.
@Suite struct QuoteTests {
    /// Money as TimeTracker prints a stored double (`%.2f`).
    static func shown(_ value: Double, _ currency: String) -> String {
        Money(Decimal(string: String(format: "%.2f", value))!, currency).formatted
    }

    /// A page's amount (`1,234.50 EUR`, `−393.50 EUR`) as a number.
    static func amount(_ text: String?) -> Decimal? {
        guard let text else { return nil }
        let number = text.replacingOccurrences(of: "\u{2212}", with: "-").split(separator: "\u{A0}").first.map { $0.replacingOccurrences(of: ",", with: "") }
        return number.flatMap { Decimal(string: $0.replacingOccurrences(of: "+", with: "")) }
    }

    /// Every visible, non-draft quote of each client is listed and detailed with TimeTracker's figures, the
    /// discount TimeTracker's own portal leaves out included, and the rows add up to the total.
    @Test(.enabled(if: FileManager.default.fileExists(atPath: samplePath))) func sampleQuotesMatchSQL() async throws {
        let fixture = try Fixture(databasePath: samplePath)
        // Müller and Big Corp hide quotes in TimeTracker's branding row; config shows them again.
        var shown = BrandingOverride()
        shown.showQuotes = true
        fixture.configuration.clients = ["1": ClientSettings(branding: shown), "6": ClientSettings(branding: shown)]
        fixture.configuration.timetrackerURL = "https://tt.example.com/"
        let report = try await fixture.build()
        #expect(report.succeeded)
        let reader = try readOnlySample()
        var discounts = 0
        for result in report.clients {
            let rows = try await reader.read { db in
                try Row.fetchAll(
                    db,
                    sql: """
                        SELECT id, quote_number, status, subtotal, tax_amount, total_amount, currency_code, valid_until,
                               CASE discount_type WHEN 'percentage' THEN subtotal * discount_amount / 100.0
                                                  WHEN 'fixed' THEN min(discount_amount, subtotal) END AS discount
                          FROM quotes WHERE client_id = ? AND visible_to_client = 1 AND status <> 'draft'
                        """, arguments: [result.clientID])
            }
            let folder = fixture.site(result.slug).appendingPathComponent("quotes")
            let dashboard = try fixture.page(result.slug, "index.html")
            let navLinksQuotes = !dashboard.texts("//nav[contains(@class,'site-nav')]//a[.='Quotes']").isEmpty
            if rows.isEmpty {
                #expect(!FileManager.default.fileExists(atPath: folder.path), "\(result.slug) has no quote to see but a quotes folder")
                #expect(!navLinksQuotes, "\(result.slug): a Quotes tab with nothing behind it")
                continue
            }
            #expect(navLinksQuotes, "\(result.slug)")
            let list = try fixture.page(result.slug, "quotes/index.html")
            #expect(Set(list.texts("//tbody/tr/td[1]/a")) == Set(rows.map { $0["quote_number"] as String }), "\(result.slug)")
            for row in rows {
                let id: Int64 = row["id"]
                let currency: String = row["currency_code"]
                let page = try fixture.page(result.slug, "quotes/\(id).html")
                #expect(page.text("//tr[contains(@class,'grand')]/td") == Self.shown(row["total_amount"], currency), "quote \(id)")
                #expect(page.text("//tr[th='Subtotal']/td") == Self.shown(row["subtotal"], currency), "quote \(id)")
                if let discount = row["discount"] as Double?, discount > 0 {
                    discounts += 1
                    #expect(
                        Self.amount(page.text("//tr[contains(@class,'discount')]/td")) == -Decimal(string: String(format: "%.2f", discount))!, "quote \(id)")
                } else {
                    #expect(page.nodes("//tr[contains(@class,'discount')]").isEmpty, "quote \(id)")
                }
                // Subtotal − discount + tax (+ the rounding cent) = total, as printed.
                let figures = page.texts("//table[contains(@class,'totals')]//tr[not(contains(@class,'grand'))]/td").compactMap(Self.amount)
                #expect(figures.reduce(0, +) == Self.amount(page.text("//tr[contains(@class,'grand')]/td")), "quote \(id): \(figures)")
                // Open quotes link to TimeTracker to accept or decline; others do not.
                let open = (row["status"] as String) == "sent" && (row["valid_until"] as String? ?? "9999") >= Fixture.today.iso
                #expect(page.nodes("//a[@href='https://tt.example.com/client-portal/quotes/\(id)']").count == (open ? 1 : 0), "quote \(id)")
            }
        }
        #expect(discounts >= 2, "the sample's discounted quotes were not all checked")
        // Drafts and invisible quotes exist nowhere.
        let privateIDs = try await reader.read { db in try Int64.fetchAll(db, sql: "SELECT id FROM quotes WHERE visible_to_client = 0 OR status = 'draft'") }
        #expect(!privateIDs.isEmpty)
        for result in report.clients {
            for id in privateIDs {
                #expect(!FileManager.default.fileExists(atPath: fixture.site(result.slug).appendingPathComponent("quotes/\(id).html").path))
            }
        }
    }

    /// TimeTracker's own branding flag hides the section (Müller's `show_quotes = 0` in the sample and the demo).
    @Test func showQuotesFalseHidesTheSection() async throws {
        let fixture = try Fixture(clients: 3, entries: 10, invoices: 1)
        let report = try await fixture.build()
        let mueller = try #require(report.clients.first { $0.clientID == 1 })
        let acme = try #require(report.clients.first { $0.clientID == 2 })
        #expect(!FileManager.default.fileExists(atPath: fixture.site(mueller.slug).appendingPathComponent("quotes").path))
        #expect(try fixture.page(mueller.slug, "index.html").nodes("//a[.='Quotes']").isEmpty)
        // Acme sees its three sent quotes, never the draft; the list is newest first.
        let list = try fixture.page(acme.slug, "quotes/index.html")
        let numbers = list.texts("//tbody/tr/td[1]/a")
        let expected = try await fixture.database().read { db in
            try String.fetchAll(
                db, sql: "SELECT quote_number FROM quotes WHERE client_id = 2 AND visible_to_client = 1 AND status <> 'draft' ORDER BY created_at DESC, id DESC"
            )
        }
        #expect(numbers == expected && numbers.count == 3)
    }

    /// A theme made before quotes existed (no `quotes`/`quote` templates, no parent) still builds: those pages
    /// come from the built-in default theme, and `check` says so.
    @Test func aThemeWithoutTheNewTemplatesStillBuilds() async throws {
        let fixture = try Fixture(clients: 3, entries: 10, invoices: 1)
        let legacy = fixture.configuration.themes.appendingPathComponent("legacy")
        try FileManager.default.createDirectory(at: fixture.configuration.themes, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: try #require(ThemeLibrary.builtIn).appendingPathComponent("default"), to: legacy)
        for name in ["quotes", "quote"] { try FileManager.default.removeItem(at: legacy.appendingPathComponent("templates/\(name).mustache")) }
        try #"{"name": "Legacy"}"#.write(to: legacy.appendingPathComponent("theme.json"), atomically: true, encoding: .utf8)
        fixture.configuration.theme = "legacy"
        let report = try await fixture.build()
        #expect(report.succeeded, "\(report.failures.map { $0.error?.description ?? "" })")
        let acme = try #require(report.clients.first { $0.clientID == 2 })
        #expect(try fixture.page(acme.slug, "quotes/index.html").texts("//tbody/tr").count == 3)
        let notes = PortalChecker(configuration: fixture.configuration).run().filter { $0.level == .note }.map(\.message)
        #expect(notes.contains { $0.contains("theme \"legacy\" lacks quote, quotes") }, "\(notes)")
    }
}

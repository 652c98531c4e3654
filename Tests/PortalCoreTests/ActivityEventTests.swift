import Foundation
import GRDB
import PortalTestSupport
import Testing

@testable import PortalCore

/// The activity feed's document events: exactly the client-visible ones, each linking to its page.
@Suite struct ActivityEventTests {
    @Test func invoiceQuoteAndApprovalEventsJoinTheTimeline() async throws {
        let fixture = try Fixture(clients: 3, entries: 30, invoices: 5)
        fixture.configuration.pageSize = 10_000
        let report = try await fixture.build()
        let database = try fixture.database()
        for result in report.clients {
            let (invoices, quotes, drafts, approvals) = try await database.read { db in
                (
                    try String.fetchAll(db, sql: "SELECT invoice_number FROM invoices WHERE client_id = ? AND status <> 'draft'", arguments: [result.clientID]),
                    try String.fetchAll(
                        db, sql: "SELECT quote_number FROM quotes WHERE client_id = ? AND visible_to_client = 1 AND status <> 'draft'",
                        arguments: [result.clientID]),
                    try String.fetchAll(
                        db, sql: "SELECT quote_number FROM quotes WHERE client_id = ? AND (visible_to_client = 0 OR status = 'draft')",
                        arguments: [result.clientID]),
                    try Int.fetchOne(db, sql: "SELECT count(*) FROM client_time_approvals WHERE client_id = ?", arguments: [result.clientID]) ?? 0
                )
            }
            let page = try fixture.page(result.slug, "activity/index.html")
            let titles = page.texts("//ol[contains(@class,'timeline')]/li/p[@class='event-title']")
            for number in invoices { #expect(titles.contains { $0.hasPrefix("Invoice \(number) issued") }, "\(result.slug): \(number)") }
            let showsQuotes = FileManager.default.fileExists(atPath: fixture.site(result.slug).appendingPathComponent("quotes").path)
            for number in quotes { #expect(titles.contains { $0.hasPrefix("Quote \(number) sent") } == showsQuotes, "\(result.slug): \(number)") }
            for number in drafts { #expect(!titles.contains { $0.contains(number) }, "a private quote in \(result.slug)'s feed") }
            #expect(titles.filter { $0.hasPrefix("Approval of time entry") }.count == approvals)
            // Every event link resolves to a page of the site.
            for href in page.nodes("//p[@class='event-title']/a").compactMap({ $0.attributes["href"] }) {
                let target = fixture.site(result.slug).appendingPathComponent("activity").appendingPathComponent(href).standardized
                #expect(FileManager.default.fileExists(atPath: target.path), "\(href)")
            }
        }
    }
}

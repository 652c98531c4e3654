import Foundation
import GRDB
import PortalTestSupport
import Testing

@testable import PortalCore

/// Builds TimeTracker's own sample database (written by TimeTracker's ORM) when `../shared` has it, and
/// checks figures against values computed by SQL from the same file.
let samplePath = Fixture.packageRoot.deletingLastPathComponent().appendingPathComponent("shared/timetracker/sample.sqlite").path

/// TimeTracker's sample, opened read-only for the SQL that tests check pages against.
func readOnlySample() throws -> DatabaseQueue {
    var configuration = Configuration()
    configuration.readonly = true
    return try DatabaseQueue(path: samplePath, configuration: configuration)
}

@Suite(.enabled(if: FileManager.default.fileExists(atPath: samplePath)))
struct SampleDatabaseTests {
    static let path = samplePath

    @Test func sampleBuildsWithFiguresMatchingSQL() async throws {
        let fixture = try Fixture(databasePath: Self.path)
        let report = try await fixture.build()
        #expect(report.succeeded, "\(report.failures.map { $0.error?.description ?? "" })")
        #expect(Set(report.clients.map(\.clientID)) == [1, 2, 3, 4, 6, 12])
        let reader = try DatabaseQueue(
            path: Self.path,
            configuration: {
                var c = Configuration()
                c.readonly = true
                return c
            }())

        for result in report.clients {
            let id = result.clientID
            let invoices = try await reader.read { db in
                try Row.fetchAll(
                    db,
                    sql: """
                        SELECT i.id, i.invoice_number, i.total_amount, COALESCE(i.amount_paid,0) AS paid, i.currency_code, i.payment_status, i.status,
                               (SELECT COALESCE(SUM(amount),0) FROM credit_notes WHERE invoice_id = i.id) AS credits
                        FROM invoices i WHERE i.client_id = ? AND i.status <> 'draft'
                        """, arguments: [id])
            }
            let site = fixture.site(result.slug)
            // The invoice list holds exactly the non-draft invoices.
            if FileManager.default.fileExists(atPath: site.appendingPathComponent("invoices/index.html").path) {
                let listed = Set(try fixture.page(result.slug, "invoices/index.html").texts("//tbody/tr/td[1]/a"))
                #expect(listed == Set(invoices.map { $0["invoice_number"] as String }))
                // Outstanding per currency on the dashboard, over non-cancelled, not fully paid invoices.
                var outstanding: [String: Decimal] = [:]
                for row in invoices where (row["status"] as String) != "cancelled" && (row["payment_status"] as String) != "fully_paid" {
                    let due = Self.cents(row["total_amount"]) - Self.cents(row["paid"]) - Self.cents(row["credits"])
                    outstanding[row["currency_code"], default: 0] += due
                }
                let expected = outstanding.isEmpty ? ["0.00\u{A0}EUR"] : outstanding.keys.sorted().map { Money(outstanding[$0]!, $0).formatted }
                let dashboard = try fixture.page(result.slug, "index.html")
                let shown = dashboard.texts("//div[contains(@class,'stat')][h2='Outstanding']/p[@class='stat-value']")
                if !shown.isEmpty { #expect(shown == expected, "\(result.slug)") }
                for row in invoices {
                    let page = try fixture.page(result.slug, "invoices/\(row["id"] as Int64).html")
                    #expect(page.text("//tr[contains(@class,'grand')]/td") == Money(Self.cents(row["total_amount"]), row["currency_code"]).formatted)
                }
            }
            // Hours per active project, from rounded per-entry durations (Python's round on the double).
            if FileManager.default.fileExists(atPath: site.appendingPathComponent("projects/index.html").path) {
                let rows = try await reader.read { db in
                    try Row.fetchAll(
                        db,
                        sql:
                            "SELECT p.id, t.duration_seconds FROM projects p JOIN time_entries t ON t.project_id = p.id WHERE p.client_id = ? AND p.status = 'active' AND t.end_time IS NOT NULL",
                        arguments: [id])
                }
                var centi: [Int64: Int] = [:]
                for row in rows {
                    let seconds = (row["duration_seconds"] as Int?) ?? 0
                    centi[row["id"], default: 0] += Int((Double(String(format: "%.2f", Double(seconds) / 3600))! * 100).rounded())
                }
                let page = try fixture.page(result.slug, "projects/index.html")
                for (project, value) in centi {
                    #expect(page.text("//article[@aria-labelledby='project-\(project)']//div[dt='Total hours']/dd") == Hours(centi: value).short)
                }
            }
        }
        // Nothing internal leaks: internal comments of the sample never appear.
        let internalComments = try await reader.read { db in
            try String.fetchAll(
                db,
                sql:
                    "SELECT content FROM comments WHERE is_internal = 1 AND is_client_comment = 0 AND content NOT IN (SELECT content FROM comments WHERE is_internal = 0)"
            )
        }
        #expect(!internalComments.isEmpty)
        for result in report.clients {
            for file in fixture.files(result.slug) where file.hasSuffix(".html") {
                let text = try String(contentsOf: fixture.site(result.slug).appendingPathComponent(file), encoding: .utf8)
                for comment in internalComments where text.contains(HTMLSanitizer.escape(String(comment.prefix(40)))) {
                    Issue.record("\(result.slug)/\(file) shows an internal comment")
                }
            }
        }
    }

    static func cents(_ value: Double) -> Decimal { Decimal(string: String(format: "%.2f", value))! }
}

import Foundation
import GRDB
import PortalTestSupport
import Testing

@testable import PortalCore

/// "Not yet invoiced" and "Upcoming invoices" (`show.unbilled`, `show.upcoming`): the figures each page shows equal
/// TimeTracker's rules computed in SQL here, on the demo (rate overrides, drafts naming entries, recurring
/// invoices) and on TimeTracker's sample (its invoices name their entries in `time_entry_ids`).
@Suite struct UnbilledWorkTests {
    /// Per client: each unbilled entry's project and seconds, the project's rate by TimeTracker's precedence, and
    /// the hours of entries only draft invoices name. Lines name entries as comma-separated digits.
    static let entriesSQL = """
        WITH named AS (
            SELECT CAST(trim(j.value) AS INTEGER) AS id, v.status
              FROM invoice_items i JOIN invoices v ON v.id = i.invoice_id,
                   json_each('["' || replace(i.time_entry_ids, ',', '","') || '"]') j
             WHERE v.client_id = :c AND i.time_entry_ids IS NOT NULL AND trim(j.value) <> '' AND trim(j.value) NOT GLOB '*[^0-9]*')
        SELECT t.project_id, t.duration_seconds,
               coalesce((SELECT r.hourly_rate FROM rate_overrides r WHERE r.project_id = t.project_id AND r.user_id IS NULL
                          ORDER BY r.effective_from DESC NULLS LAST, r.id LIMIT 1), nullif(p.hourly_rate, 0), nullif(c.default_hourly_rate, 0), 0),
               (SELECT count(*) FROM named n WHERE n.id = t.id AND n.status <> 'draft') AS billed,
               (SELECT count(*) FROM named n WHERE n.id = t.id AND n.status = 'draft') AS drafted
          FROM time_entries t LEFT JOIN projects p ON p.id = t.project_id JOIN clients c ON c.id = :c
         WHERE t.end_time IS NOT NULL AND t.billable = 1
           AND (t.project_id IN (SELECT id FROM projects WHERE client_id = :c) OR (t.client_id = :c AND t.project_id IS NULL))
        """

    @Test func theDemosFiguresEqualSQL() async throws {
        let fixture = try Fixture(clients: 6, entries: 80, invoices: 6)
        try await Self.check(fixture, minimumLines: 6)
    }

    @Test(.enabled(if: FileManager.default.fileExists(atPath: samplePath))) func theSamplesFiguresEqualSQL() async throws {
        try await Self.check(try Fixture(databasePath: samplePath), minimumLines: 3)
    }

    /// Builds with both sections on and compares every client's page with SQL.
    static func check(_ fixture: Fixture, minimumLines: Int) async throws {
        fixture.configuration.show = ShowSettings(unbilled: true, upcoming: true)
        let report = try await fixture.build()
        #expect(report.succeeded)
        let database = try fixture.database()
        var lines = 0
        var drafts = 0
        var plans = 0
        for client in report.clients where FileManager.default.fileExists(atPath: fixture.site(client.slug).appendingPathComponent("unbilled/index.html").path)
        {
            let rows = try database.read { db in try Row.fetchAll(db, sql: Self.entriesSQL, arguments: ["c": client.clientID]) }
            var seconds: [Int64?: Int] = [:]
            var hours: [Int64?: Hours] = [:]
            var rates: [Int64?: Decimal] = [:]
            var draftHours = Hours.zero
            for row in rows where (row[3] as Int64) == 0 {
                let project: Int64? = row[0]
                let duration = (row[1] as Int64?).map(Int.init) ?? 0
                if (row[4] as Int64) > 0 {
                    draftHours += Hours(seconds: duration)
                    continue
                }
                seconds[project, default: 0] += duration
                hours[project, default: .zero] += Hours(seconds: duration)
                rates[project] = Decimal(string: String(format: "%.2f", row[2] as Double))!
            }
            let page = try fixture.page(client.slug, "unbilled/index.html")
            // The first table is the per-project one; the second lists the entries.
            let shown = (0..<page.nodes("(//table)[1]/tbody/tr").count).map { index in
                let row = "((//table)[1]/tbody/tr)[\(index + 1)]"
                return (hours: Self.number(page.text("\(row)/td[@data-label='Hours']")), amount: Self.number(page.text("\(row)/td[@data-label='Amount']")))
            }
            // The project lines, then time booked straight to the client (no rate, no amount).
            let expected = seconds.keys.map { project -> (hours: Decimal?, amount: Decimal?) in
                let amount = project.map { _ in (Decimal(seconds[project]!) * rates[project]! / 3600).rounded(2, .bankers) }
                return (Decimal(hours[project]!.centi) / 100, amount)
            }
            #expect(
                shown.map { "\($0.hours.map { "\($0)" } ?? "-") \($0.amount.map { "\($0)" } ?? "-")" }.sorted()
                    == expected.map { "\($0.hours.map { "\($0)" } ?? "-") \($0.amount.map { "\($0)" } ?? "-")" }.sorted(), "\(client.slug)")
            let total = seconds.keys.compactMap { project in project.map { _ in Decimal(seconds[project]!) * rates[project]! / 3600 } }.reduce(0, +)
            if !seconds.isEmpty {
                #expect(Self.number(page.text("(//table)[1]/tfoot//td[last()]")) == total.rounded(2, .bankers), "\(client.slug): total")
            }
            if draftHours != .zero {
                #expect(page.text("//main")?.contains("on an invoice being prepared") == true, "\(client.slug): drafts unsaid")
                drafts += 1
            }
            lines += shown.count
            // Upcoming invoices: TimeTracker's active recurring invoices that will still run, on the invoice list.
            let active = try await database.read { db in
                try String.fetchAll(
                    db, sql: "SELECT name FROM recurring_invoices WHERE client_id = ? AND is_active = 1 AND (end_date IS NULL OR end_date >= next_run_date)",
                    arguments: [client.clientID])
            }
            let list = try fixture.page(client.slug, "invoices/index.html")
            #expect(list.texts("//ul[@class='upcoming']/li/strong").sorted() == active.sorted(), "\(client.slug): upcoming")
            plans += active.count
        }
        #expect(lines >= minimumLines)
        if fixture.databasePath != samplePath {
            #expect(drafts > 0 && plans > 0, "the demo has drafts naming entries and recurring invoices")
        }
    }

    /// The number in a figure as the English pages print it (`€1,234.50`, `12.50 h`); nil for none.
    static func number(_ text: String?) -> Decimal? {
        guard let text else { return nil }
        let kept = text.filter { $0.isASCII && ($0.isNumber || $0 == "." || $0 == "-") }
        return kept.isEmpty || kept == "-" ? nil : Decimal(string: kept)
    }
}

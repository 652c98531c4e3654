import Foundation
import GRDB
import PortalTestSupport
import Testing

@testable import PortalCore

/// Approval requests (PORTAL_SPEC 4.10): every request of the client, by status, with UTC times converted.
@Suite struct ApprovalTests {
    /// Tab counts per status equal SQL's, each detail shows its entry, the request time in TimeTracker's zone
    /// and the requester's username, and no client sees another's requests.
    @Test(.enabled(if: FileManager.default.fileExists(atPath: samplePath))) func sampleApprovalsMatchSQL() async throws {
        let fixture = try Fixture(databasePath: samplePath)
        fixture.configuration.timetrackerURL = "https://tt.example.com"
        let report = try await fixture.build()
        #expect(report.succeeded)
        let reader = try readOnlySample()
        let zone = try await reader.read { db in try String.fetchOne(db, sql: "SELECT timezone FROM settings") } ?? "Europe/Rome"
        var checked = 0
        for result in report.clients {
            let rows = try await reader.read { db in
                try Row.fetchAll(
                    db,
                    sql: """
                        SELECT a.id, a.status, a.requested_at, a.time_entry_id, u.username, t.duration_seconds
                          FROM client_time_approvals a JOIN users u ON u.id = a.requested_by LEFT JOIN time_entries t ON t.id = a.time_entry_id
                         WHERE a.client_id = ?
                        """, arguments: [result.clientID])
            }
            let folder = fixture.site(result.slug).appendingPathComponent("approvals")
            guard !rows.isEmpty else {
                #expect(!FileManager.default.fileExists(atPath: folder.path), "\(result.slug)")
                continue
            }
            let pending = try fixture.page(result.slug, "approvals/index.html")
            let tabs = pending.texts("//nav[contains(@class,'tabs')]//a")
            for (label, status) in [("Pending", "pending"), ("Approved", "approved"), ("Rejected", "rejected")] {
                let count = rows.filter { ($0["status"] as String) == status }.count
                #expect(tabs.contains("\(label) (\(count))"), "\(result.slug): \(tabs)")
            }
            #expect(tabs.contains("All (\(rows.count))"))
            let all = try fixture.page(result.slug, "approvals/all.html")
            #expect(Set(all.nodes("//tbody/tr/td[1]/a").compactMap { $0.attributes["href"] }) == Set(rows.map { "\($0["id"] as Int64).html" }))
            for row in rows {
                let id: Int64 = row["id"]
                let page = try fixture.page(result.slug, "approvals/\(id).html")
                let requestedUTC = try #require(LocalDateTime(text: row["requested_at"] as String))
                let local = requestedUTC.converted(fromUTCTo: TimeZone(identifier: zone)!)
                #expect(
                    page.text("//div[dt='Requested on']/dd")
                        == LocaleFormat(settings: DisplayFormat(dateFormat: "DD.MM.YYYY", timeFormat: "24h")).dateTime(local), "approval \(id)")
                #expect(page.text("//div[dt='Requested by']/dd") == row["username"])
                if let seconds = row["duration_seconds"] as Int? {
                    #expect(page.text("//div[dt='Duration']/dd") == "\(Hours(seconds: seconds).twoDecimals) hours")
                }
                let pendingRequest = (row["status"] as String) == "pending"
                #expect(page.nodes("//a[@href='https://tt.example.com/client-portal/approvals/\(id)']").count == (pendingRequest ? 1 : 0))
                checked += 1
            }
        }
        #expect(checked >= 4)
    }

    /// Clients whose names differ only in case and punctuation see only their own requests; the hostile
    /// texts of a request are escaped and a request with a broken time is reported, not shown.
    @Test func similarClientsSeeOnlyTheirOwnRequests() async throws {
        let fixture = try Fixture(clients: 2, entries: 30, invoices: 1, hostile: true)
        let report = try await fixture.build()
        let database = try fixture.database()
        for result in report.clients {
            let ids = try await database.read { db in
                try Int64.fetchAll(
                    db, sql: "SELECT id FROM client_time_approvals WHERE client_id = ? AND requested_at <> 'garbage'", arguments: [result.clientID])
            }
            let path = fixture.site(result.slug).appendingPathComponent("approvals/all.html").path
            guard FileManager.default.fileExists(atPath: path) else {
                #expect(ids.isEmpty, "\(result.slug)")
                continue
            }
            let listed = try fixture.page(result.slug, "approvals/all.html").nodes("//tbody/tr/td[1]/a").compactMap { $0.attributes["href"] }
            #expect(Set(listed) == Set(ids.map { "\($0).html" }), "\(result.slug)")
            for id in ids {
                let page = try fixture.page(result.slug, "approvals/\(id).html")
                #expect(page.nodes("//script[not(@src)]").isEmpty && page.nodes("//img").isEmpty, "\(result.slug) approval \(id)")
            }
        }
        #expect(report.clients.contains { $0.skippedRows.contains { $0.contains("client_time_approvals") } })
    }

    /// An approval whose time entry TimeTracker later moved to another client's project (it does not update
    /// the approval row) shows nothing of that entry: the detail checks ownership through the entry itself.
    @Test func anEntryMovedToAnotherClientIsNotShownOnTheApproval() async throws {
        let fixture = try Fixture(clients: 3, entries: 30, invoices: 1)
        let database = try fixture.database()
        let moved = try await database.write { db -> (approval: Int64, client: Int64, notes: String)? in
            guard
                let row = try Row.fetchOne(
                    db,
                    sql: """
                        SELECT a.id, a.client_id, a.time_entry_id FROM client_time_approvals a JOIN time_entries t ON t.id = a.time_entry_id
                         ORDER BY a.id LIMIT 1
                        """),
                let other = try Int64.fetchOne(
                    db, sql: "SELECT id FROM projects WHERE client_id <> ? AND status = 'active' ORDER BY id LIMIT 1", arguments: [row["client_id"] as Int64])
            else { return nil }
            let notes = "Secret notes of another client 7f3a"
            try db.execute(
                sql: "UPDATE time_entries SET project_id = ?, notes = ?, tags = 'othertag7f3a' WHERE id = ?",
                arguments: [other, notes, row["time_entry_id"] as Int64])
            return (row["id"], row["client_id"], notes)
        }
        let approval = try #require(moved)
        let report = try await fixture.build()
        let slug = try #require(report.clients.first { $0.clientID == approval.client }).slug
        let page = try fixture.page(slug, "approvals/\(approval.approval).html")
        let text = page.text("//main") ?? ""
        #expect(!text.contains(approval.notes) && !text.contains("othertag7f3a"), "\(text)")
        #expect(page.nodes("//div[dt='Date']").isEmpty && page.nodes("//div[dt='Duration']").isEmpty)
        #expect(page.nodes("//p[@class='alert']").count == 1)
    }
}

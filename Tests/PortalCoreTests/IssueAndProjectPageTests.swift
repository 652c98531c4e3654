import Foundation
import GRDB
import PortalTestSupport
import Testing

@testable import PortalCore

/// Issues (PORTAL_SPEC 4.11) and project pages with their comment threads.
@Suite struct IssueAndProjectPageTests {
    static let priorityRank = ["urgent": 0, "high": 1, "medium": 2, "low": 3]

    /// Only clients with issues enabled get the pages; issues are ordered by real priority, then newest,
    /// and each status tab lists exactly its issues.
    @Test func issuesFollowTheirRealPriorityAndOnlyWhereEnabled() async throws {
        let fixture = try Fixture(clients: 4, entries: 20, invoices: 1)
        let report = try await fixture.build()
        let database = try fixture.database()
        var checked = 0
        for result in report.clients {
            let (enabled, rows) = try await database.read { db in
                (
                    try Bool.fetchOne(db, sql: "SELECT portal_issues_enabled FROM clients WHERE id = ?", arguments: [result.clientID]) ?? false,
                    try Row.fetchAll(db, sql: "SELECT id, status, priority, created_at FROM issues WHERE client_id = ?", arguments: [result.clientID])
                )
            }
            let folder = fixture.site(result.slug).appendingPathComponent("issues")
            let navHasIssues = !(try fixture.page(result.slug, "index.html").nodes("//nav[contains(@class,'site-nav')]//a[.='Issues']").isEmpty)
            #expect(navHasIssues == enabled, "\(result.slug)")
            guard enabled else {
                #expect(!FileManager.default.fileExists(atPath: folder.path), "\(result.slug)")
                continue
            }
            let expected = rows.sorted {
                (Self.priorityRank[$0["priority"] as String] ?? 4, $1["created_at"] as String) < (
                    Self.priorityRank[$1["priority"] as String] ?? 4, $0["created_at"] as String
                )
            }.map { "\($0["id"] as Int64).html" }
            let page = try fixture.page(result.slug, "issues/index.html")
            #expect(page.nodes("//tbody/tr/td[1]/a").compactMap { $0.attributes["href"] } == expected, "\(result.slug)")
            for (status, file) in [("open", "open"), ("in_progress", "in-progress"), ("resolved", "resolved"), ("closed", "closed")] {
                let listed = try fixture.page(result.slug, "issues/\(file).html").nodes("//tbody/tr/td[1]/a").compactMap { $0.attributes["href"] }
                #expect(Set(listed) == Set(rows.filter { ($0["status"] as String) == status }.map { "\($0["id"] as Int64).html" }), "\(result.slug) \(status)")
            }
            checked += 1
        }
        #expect(checked >= 2)
    }

    /// A hostile issue names another client's task: the task is not shown, the texts are escaped.
    @Test func hostileIssuesAreEscapedAndNeverShowAnotherClientsTask() async throws {
        let fixture = try Fixture(clients: 1, entries: 5, invoices: 1, hostile: true)
        let report = try await fixture.build()
        let database = try fixture.database()
        let foreignTask = try await database.read { db in try String.fetchOne(db, sql: "SELECT name FROM tasks WHERE id = 1") }
        var pages = 0
        for result in report.clients {
            for file in fixture.files(result.slug) where file.hasPrefix("issues/") && file.dropFirst(7).first?.isNumber == true {
                let page = try fixture.page(result.slug, file)
                #expect(page.nodes("//script[not(@src)]").isEmpty && page.nodes("//img").isEmpty, "\(result.slug)/\(file)")
                if result.clientID != 1 { #expect(page.text("//div[dt='Task']/dd") == nil, "\(result.slug)/\(file) shows task \(foreignTask ?? "")") }
                pages += 1
            }
        }
        #expect(pages > 5)
    }

    /// Each active project has a page; its comments are the project's client-visible ones, oldest first.
    @Test func projectPagesThreadTheirPublicComments() async throws {
        let fixture = try Fixture(clients: 3, entries: 30, invoices: 1)
        let report = try await fixture.build()
        let database = try fixture.database()
        for result in report.clients {
            let projects = try await database.read { db in
                try Int64.fetchAll(db, sql: "SELECT id FROM projects WHERE client_id = ? AND status = 'active'", arguments: [result.clientID])
            }
            let list = try fixture.page(result.slug, "projects/index.html")
            #expect(Set(list.nodes("//article//h2/a").compactMap { $0.attributes["href"] }) == Set(projects.map { "\($0).html" }))
            for id in projects {
                let comments = try await database.read { db in
                    try String.fetchAll(
                        db, sql: "SELECT content FROM comments WHERE project_id = ? AND is_internal = 0 ORDER BY created_at, id", arguments: [id])
                }
                let page = try fixture.page(result.slug, "projects/\(id).html")
                let shown = page.texts("//ol[contains(@class,'comments')]/li/p[@class='pre']")
                let normalized = comments.map { $0.split(whereSeparator: { " \t\n\r".contains($0) }).joined(separator: " ") }
                #expect(shown == normalized, "project \(id)")
            }
        }
    }
}

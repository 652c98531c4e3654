import Foundation
import GRDB
import PortalTestSupport
import Testing

@testable import PortalCore

/// Notifications (PORTAL_SPEC 4.13): every one of the client's, links rewritten to pages that exist.
@Suite struct NotificationTests {
    @Test(.enabled(if: FileManager.default.fileExists(atPath: samplePath))) func sampleNotificationsMatchSQLAndLinksResolve() async throws {
        let fixture = try Fixture(databasePath: samplePath)
        let report = try await fixture.build()
        let reader = try readOnlySample()
        var links = 0
        for result in report.clients {
            let (all, unread) = try await reader.read { db in
                (
                    try Int.fetchOne(db, sql: "SELECT count(*) FROM client_notifications WHERE client_id = ?", arguments: [result.clientID]) ?? 0,
                    try Int.fetchOne(db, sql: "SELECT count(*) FROM client_notifications WHERE client_id = ? AND is_read = 0", arguments: [result.clientID])
                        ?? 0
                )
            }
            guard all > 0 else { continue }
            let page = try fixture.page(result.slug, "notifications/index.html")
            #expect(page.nodes("//ol[contains(@class,'notifications')]/li").count == all, "\(result.slug)")
            #expect(page.texts("//nav[contains(@class,'tabs')]//a") == ["All (\(all))", "Unread (\(unread))"], "\(result.slug)")
            #expect(try fixture.page(result.slug, "notifications/unread.html").nodes("//ol[contains(@class,'notifications')]/li").count == unread)
            for href in page.nodes("//ol[contains(@class,'notifications')]//a").compactMap({ $0.attributes["href"] }) {
                let target = fixture.site(result.slug).appendingPathComponent("notifications").appendingPathComponent(href).standardized
                #expect(FileManager.default.fileExists(atPath: target.path), "\(result.slug): \(href) does not resolve")
                #expect(target.path.hasPrefix(fixture.site(result.slug).path + "/"))
                links += 1
            }
        }
        #expect(links > 20)
    }

    /// A notification's link never leaves the client's site: script URLs, other clients' invoices, path tricks
    /// and foreign hosts are shown without a link; every text is escaped.
    @Test func hostileLinksAreDropped() async throws {
        let fixture = try Fixture(clients: 2, entries: 10, invoices: 1, hostile: true)
        let report = try await fixture.build()
        let database = try fixture.database()
        let hostileIDs = try await database.read { db in
            try Int64.fetchAll(db, sql: "SELECT DISTINCT client_id FROM client_notifications WHERE type = '<b>type</b>'")
        }
        #expect(!hostileIDs.isEmpty)
        for result in report.clients where hostileIDs.contains(result.clientID) {
            let page = try fixture.page(result.slug, "notifications/index.html")
            let hrefs = page.nodes("//ol[contains(@class,'notifications')]//a").compactMap { $0.attributes["href"] }
            #expect(hrefs.allSatisfy { $0.hasPrefix("../invoices/") || $0.hasPrefix("../quotes/") || $0.hasPrefix("../approvals/") }, "\(hrefs)")
            #expect(!hrefs.contains("../invoices/1.html"), "a link to another client's invoice")
            #expect(page.nodes("//script[not(@src)]").isEmpty && page.nodes("//img").isEmpty)
        }
    }
}

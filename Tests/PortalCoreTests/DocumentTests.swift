import Foundation
import GRDB
import PortalTestSupport
import Testing

@testable import PortalCore

/// Documents (PORTAL_SPEC 4.12): exactly the visible files, copied byte for byte; nothing else ever read.
@Suite struct DocumentTests {
    static func fixtureWithUploads() throws -> Fixture {
        let fixture = try Fixture(clients: 4, entries: 10, invoices: 1)
        let uploads = fixture.folder.appendingPathComponent("static")
        try DemoGenerator.writeUploads(of: PortalDatabase(path: fixture.databasePath), into: uploads)
        fixture.configuration.uploads = uploads
        return fixture
    }

    @Test func visibleDocumentsAreCopiedAndNothingElse() async throws {
        let fixture = try Self.fixtureWithUploads()
        let report = try await fixture.build()
        #expect(report.succeeded)
        let database = try fixture.database()
        var copied = 0, missing = 0
        for result in report.clients {
            let visible = try await database.read { db in
                try Row.fetchAll(
                    db,
                    sql: """
                        SELECT 'client' AS kind, id, original_filename, file_path FROM client_attachments WHERE client_id = ? AND is_visible_to_client = 1
                        UNION ALL
                        SELECT 'project', a.id, a.original_filename, a.file_path FROM project_attachments a JOIN projects p ON p.id = a.project_id
                         WHERE p.client_id = ? AND a.is_visible_to_client = 1
                        """, arguments: [result.clientID, result.clientID])
            }
            let page = try fixture.page(result.slug, "documents/index.html")
            #expect(
                page.texts("//tbody/tr/td[1]").map { $0.replacingOccurrences(of: " (not available)", with: "") }.sorted()
                    == visible.map { $0["original_filename"] as String }.sorted())
            let files = Set(fixture.files(result.slug).filter { $0.hasPrefix("documents/files/") })
            for row in visible {
                let path = "documents/files/\(row["kind"] as String)-\(row["id"] as Int64)/\(DocumentsPage.safeName(row["original_filename"]))"
                let source = fixture.configuration.uploads!.appendingPathComponent("uploads").appendingPathComponent(
                    ((row["file_path"] as String) as NSString).lastPathComponent)
                if let original = FileManager.default.contents(atPath: source.path) {
                    #expect(files.contains(path), "\(result.slug): \(path) not copied")
                    #expect(FileManager.default.contents(atPath: fixture.site(result.slug).appendingPathComponent(path).path) == original)
                    copied += 1
                } else {
                    #expect(!files.contains(path))
                    #expect(result.warnings.contains { $0.contains("row \(row["id"] as Int64)") && $0.contains("not available") }, "\(result.warnings)")
                    missing += 1
                }
            }
            #expect(
                files.count == visible.count
                    - visible.filter { row in
                        !FileManager.default.fileExists(
                            atPath: fixture.configuration.uploads!.appendingPathComponent(
                                "uploads/" + ((row["file_path"] as String) as NSString).lastPathComponent
                            ).path)
                    }.count, "\(result.slug): \(files.sorted())")
            // Every link on the page resolves to a copied file.
            for href in page.nodes("//tbody//a").compactMap({ $0.attributes["href"] }) {
                let decoded = try #require(href.removingPercentEncoding)
                #expect(files.contains("documents/" + decoded), "\(href)")
            }
        }
        #expect(copied >= 4 && missing >= 1)
    }

    /// A visible row naming a path outside the upload folder (absolute, `..`, a symlink out) or a file over
    /// the size cap is listed as not available and reported; no byte of it is copied.
    @Test func pathsOutOfTheUploadFolderAndHugeFilesAreNotCopied() async throws {
        let fixture = try Self.fixtureWithUploads()
        fixture.configuration.documentMaxMegabytes = 1
        let uploads = fixture.configuration.uploads!.appendingPathComponent("uploads")
        let secret = fixture.folder.appendingPathComponent("secret.txt")
        try Data("TOP SECRET".utf8).write(to: secret)
        try FileManager.default.createSymbolicLink(at: uploads.appendingPathComponent("link.pdf"), withDestinationURL: secret)
        try Data(count: 2 * 1_048_576).write(to: uploads.appendingPathComponent("huge.pdf"))
        try await fixture.database().write { db in
            let ids = try Int64.fetchAll(db, sql: "SELECT id FROM client_attachments WHERE is_visible_to_client = 1 ORDER BY id")
            for (id, path) in zip(ids, ["../secret.txt", "/etc/passwd", "uploads/link.pdf", "uploads/huge.pdf"]) {
                try db.execute(sql: "UPDATE client_attachments SET file_path = ? WHERE id = ?", arguments: [path, id])
            }
        }
        let report = try await fixture.build()
        #expect(report.succeeded)
        let warnings = report.clients.flatMap(\.warnings)
        #expect(warnings.filter { $0.contains("leaves TimeTracker's upload folder") }.count == 3, "\(warnings)")
        #expect(warnings.contains { $0.contains("over documentMaxMegabytes") })
        for result in report.clients {
            for file in fixture.files(result.slug) where file.hasPrefix("documents/files/") {
                let bytes = FileManager.default.contents(atPath: fixture.site(result.slug).appendingPathComponent(file).path) ?? Data()
                #expect(!String(decoding: bytes, as: UTF8.self).contains("TOP SECRET") && !String(decoding: bytes, as: UTF8.self).contains("root:"), "\(file)")
                #expect(bytes.count < 1_048_576)
            }
        }
    }
}

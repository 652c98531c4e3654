import Foundation
import GRDB
import PortalDemo
import PortalTestSupport
import Testing

@testable import PortalCore

/// Documents (PORTAL_SPEC 4.12): exactly the visible files, copied byte for byte; nothing else ever read.
@Suite struct DocumentTests {
    static func fixtureWithUploads() throws -> Fixture {
        let fixture = try Fixture(clients: 4, entries: 10, invoices: 1)
        let uploads = fixture.folder.appendingPathComponent("static")
        try DemoGenerator.writeUploads(of: PortalDatabase(path: fixture.databasePath), into: uploads)
        // One visible document whose file is gone from disk, as after a failed upload.
        let lost = try fixture.database().read { db in
            try String.fetchOne(db, sql: "SELECT file_path FROM project_attachments WHERE is_visible_to_client = 1 ORDER BY id LIMIT 1")
        }
        try FileManager.default.removeItem(at: uploads.appendingPathComponent("uploads/" + (try #require(lost) as NSString).lastPathComponent))
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

    /// A visible row naming a path outside the upload folder (absolute, `..`, a symbolic link) or a file over
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
        #expect(warnings.filter { $0.contains("leaves TimeTracker's upload folder") }.count == 2, "\(warnings)")
        #expect(warnings.contains { $0.contains("link.pdf is or passes through a symbolic link") }, "\(warnings)")
        #expect(warnings.contains { $0.contains("over documentMaxMegabytes") })
        for result in report.clients {
            for file in fixture.files(result.slug) where file.hasPrefix("documents/files/") {
                let bytes = FileManager.default.contents(atPath: fixture.site(result.slug).appendingPathComponent(file).path) ?? Data()
                #expect(!String(decoding: bytes, as: UTF8.self).contains("TOP SECRET") && !String(decoding: bytes, as: UTF8.self).contains("root:"), "\(file)")
                #expect(bytes.count < 1_048_576)
            }
        }
    }

    /// Files are opened once, without following links: a folder on the path that is a link, a hard link to a
    /// file elsewhere and a FIFO are refused, and a link swapped in while files are read never leaks its target.
    @Test func linksHardLinksAndFIFOsInTheUploadFolderAreRefused() async throws {
        let fixture = try Self.fixtureWithUploads()
        let uploads = fixture.configuration.uploads!.appendingPathComponent("uploads")
        let outside = fixture.folder.appendingPathComponent("outside")
        try FileManager.default.createDirectory(at: outside, withIntermediateDirectories: true)
        try Data("TOP SECRET".utf8).write(to: outside.appendingPathComponent("secret.pdf"))
        try FileManager.default.createSymbolicLink(at: uploads.appendingPathComponent("project_attachments"), withDestinationURL: outside)
        try FileManager.default.linkItem(at: outside.appendingPathComponent("secret.pdf"), to: uploads.appendingPathComponent("hard.pdf"))
        #expect(mkfifo(uploads.appendingPathComponent("pipe.pdf").path, 0o644) == 0)
        try await fixture.database().write { db in
            let ids = try Int64.fetchAll(db, sql: "SELECT id FROM client_attachments WHERE is_visible_to_client = 1 ORDER BY id")
            for (id, path) in zip(ids, ["uploads/project_attachments/secret.pdf", "static-less/hard.pdf", "uploads/pipe.pdf"]) {
                try db.execute(sql: "UPDATE client_attachments SET file_path = ? WHERE id = ?", arguments: [path, id])
            }
            // The third form: relative to TimeTracker's install, as its current code stores client attachments.
            try db.execute(sql: "UPDATE client_attachments SET file_path = 'app/static/uploads/hard.pdf' WHERE id = ?", arguments: [ids[1]])
        }
        let report = try await fixture.build()
        #expect(report.succeeded)
        let warnings = report.clients.flatMap(\.warnings)
        #expect(warnings.contains { $0.contains("symbolic link, which is never followed") }, "\(warnings)")
        #expect(warnings.contains { $0.contains("hard.pdf has 2 hard links") }, "\(warnings)")
        #expect(warnings.contains { $0.contains("pipe.pdf is not a regular file") }, "\(warnings)")
        for result in report.clients {
            for file in fixture.files(result.slug) where file.hasPrefix("documents/files/") {
                let bytes = FileManager.default.contents(atPath: fixture.site(result.slug).appendingPathComponent(file).path) ?? Data()
                #expect(!String(decoding: bytes, as: UTF8.self).contains("TOP SECRET"), "\(file)")
            }
        }

        // A file and a link to a secret take turns at one name while it is read: the link is never followed.
        let root = fixture.configuration.uploads!.path
        let name = uploads.appendingPathComponent("race.pdf").path
        let plain = uploads.appendingPathComponent("race-plain").path
        try Data("public".utf8).write(to: URL(fileURLWithPath: plain))
        let stop = StopFlag()
        let swapper = Thread {
            var flip = false
            while !stop.isSet {
                // rename(2) swaps atomically, so the name always exists.
                let copy = uploads.appendingPathComponent("race-tmp").path
                if flip { symlink(outside.appendingPathComponent("secret.pdf").path, copy) } else { Glibc.link(plain, copy) }
                rename(copy, name)
                flip.toggle()
            }
        }
        swapper.start()
        defer { stop.set() }
        let folder = UploadFolder(root: root, maxBytes: 1_048_576)
        var reads = 0
        for _ in 0..<20_000 {
            if case .success(let bytes) = folder.read(["uploads", "race.pdf"]) {
                #expect(!String(decoding: bytes, as: UTF8.self).contains("TOP SECRET"))
                reads += 1
            }
        }
        stop.set()
        #expect(reads < 20_000, "the link was never seen")
    }

    /// Copies are named for every file system and never as something a browser runs.
    @Test func copiesAreNamedSafely() {
        #expect(DocumentsPage.safeName("Vertrag 2026.PDF") == "Vertrag 2026.PDF")
        #expect(DocumentsPage.safeName("page.html") == "page_html.bin")
        #expect(DocumentsPage.safeName("drawing.svg") == "drawing_svg.bin")
        #expect(DocumentsPage.safeName("script") == "script")
        #expect(DocumentsPage.safeName(".htaccess") == "_htaccess")
        #expect(DocumentsPage.safeName("invoice\u{202E}fdp.exe") == "invoicefdp_exe.bin")
        #expect(DocumentsPage.safeName("a/b\\c\u{1B}[31m.txt") == "a_b_c_[31m.txt")
        let long = String(repeating: "請求書", count: 60) + ".pdf"
        let safe = DocumentsPage.safeName(long)
        #expect(safe.utf8.count <= 200 && safe.hasSuffix(".pdf") && safe.hasPrefix("請求書"), "\(safe.utf8.count)")
        let accents = String(repeating: "e\u{301}", count: 150) + ".docx"
        let cut = DocumentsPage.safeName(accents)
        #expect(cut.utf8.count <= 200 && cut.hasSuffix("e\u{301}.docx"))
    }
}

/// A flag one thread sets and another polls.
final class StopFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false
    var isSet: Bool { lock.withLock { value } }
    func set() { lock.withLock { value = true } }
}

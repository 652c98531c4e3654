import Foundation
import GRDB
import PortalTestSupport
import Testing

@testable import PortalCore

/// `show`: a detail a client's pages hide is in none of its files (pages, CSVs, e-invoices, PDFs, the entries of
/// its archives), while a client that shows it still gets it; a client's setting wins over the config-wide one.
@Suite struct ShowSettingsTests {
    @Test func aHiddenDetailIsInNoFileOfTheClient() async throws {
        let fixture = try Fixture(clients: 2, entries: 40, invoices: 2)
        fixture.configuration.pdf = weasyPrintAvailable
        fixture.configuration.show = ShowSettings(tags: false)
        fixture.configuration.clients = [
            "1": ClientSettings(show: ShowSettings(staffNames: false, rates: false)), "2": ClientSettings(show: ShowSettings(tags: true)),
        ]
        // Marked values: a staff member who booked time for both clients, their projects' rate, their entries' tag.
        let staff = "Zebedee Quartermaine"
        try await fixture.database().write { db in
            let booked = "SELECT t.user_id FROM time_entries t JOIN projects p ON p.id = t.project_id WHERE p.status = 'active' AND t.end_time IS NOT NULL"
            let user = try #require(
                try Int64.fetchOne(db, sql: "\(booked) AND p.client_id = 1 AND t.user_id IN (\(booked) AND p.client_id = 2) LIMIT 1"))
            try db.execute(sql: "UPDATE users SET full_name = ?, username = 'zq-staff' WHERE id = ?", arguments: [staff, user])
            try db.execute(sql: "UPDATE projects SET hourly_rate = 123.45 WHERE client_id IN (1, 2)")
            try db.execute(sql: "UPDATE time_entries SET tags = 'zebra-tag' WHERE project_id IN (SELECT id FROM projects WHERE client_id IN (1, 2))")
        }
        let report = try await fixture.build()
        #expect(report.succeeded)
        let clients = try Portal(configuration: fixture.configuration).clients()
        let hidden = try await Self.texts(fixture, try #require(clients.first { $0.id == 1 }).slug)
        let shown = try await Self.texts(fixture, try #require(clients.first { $0.id == 2 }).slug)
        #expect(hidden.keys.contains { $0.hasSuffix(".csv") } && hidden.keys.contains { $0.hasSuffix(".html") })
        // The search index is one of the files searched: hidden details are not in it either.
        #expect(hidden.keys.contains("search/index.js") && shown.keys.contains("search/index.js"))
        if weasyPrintAvailable { #expect(hidden.keys.contains { $0.hasSuffix(".pdf") } && hidden.keys.contains { $0.contains(".zip/") }) }
        for (needle, what) in [(staff, "staff name"), ("zq-staff", "username"), ("123.45", "rate"), ("123,45", "rate"), ("zebra-tag", "tag")] {
            let found = hidden.filter { $0.value.contains(needle) }.keys.sorted()
            #expect(found.isEmpty, "client 1 hides the \(what), but \(needle) is in \(found.prefix(5))")
        }
        // Client 2 shows all three details.
        for needle in [staff, "zebra-tag"] {
            #expect(shown.values.contains { $0.contains(needle) }, "client 2 shows \(needle)")
        }
        #expect(shown["projects/index.html"].map { $0.contains("123.45") || $0.contains("123,45") } == true)
        // The user column of the entries' CSV: there for a client that names staff, gone for the other.
        if let csv = shown["time-entries/time-entries.csv"] { #expect(csv.contains(staff)) }
        if let csv = hidden["time-entries/time-entries.csv"] { #expect(!(csv.split(separator: "\r\n").first ?? "").contains("User")) }
    }

    /// Every file of the client's site as text, by path: PDFs through pdftotext, each archive's entries (as
    /// `archive/2026.zip/<entry>`) likewise.
    static func texts(_ fixture: Fixture, _ slug: String) async throws -> [String: String] {
        let root = fixture.site(slug).resolvingSymlinksInPath()
        var texts: [String: String] = [:]
        func read(_ url: URL, as path: String) async throws {
            if path.hasSuffix(".pdf") {
                texts[path] = try await Self.run("/usr/bin/pdftotext", [url.path, "-"])
            } else if path.hasSuffix(".zip") {
                let folder = FileManager.default.temporaryDirectory.appendingPathComponent("show-\(UUID().uuidString)")
                defer { try? FileManager.default.removeItem(at: folder) }
                _ = try await Self.run(
                    "/usr/bin/python3", ["-c", "import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extractall(sys.argv[2])", url.path, folder.path])
                for entry in FileManager.default.enumerator(atPath: folder.path)?.compactMap({ $0 as? String }) ?? [] {
                    var isDirectory: ObjCBool = false
                    let file = folder.appendingPathComponent(entry)
                    if FileManager.default.fileExists(atPath: file.path, isDirectory: &isDirectory), !isDirectory.boolValue {
                        try await read(file, as: path + "/" + entry)
                    }
                }
            } else {
                texts[path] = String(decoding: try Data(contentsOf: url), as: UTF8.self)
            }
        }
        for path in fixture.files(slug) { try await read(root.appendingPathComponent(path), as: path) }
        return texts
    }

    /// `tool`'s standard output; it must succeed.
    static func run(_ tool: String, _ arguments: [String]) async throws -> String {
        let result = try await ChildProcess.run(URL(fileURLWithPath: tool), arguments)
        #expect(result.status == 0, "\(tool) \(arguments): \(result.stderr)")
        return result.stdout
    }
}

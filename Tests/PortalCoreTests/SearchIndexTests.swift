import Foundation
import GRDB
import PortalTestSupport
import Testing

@testable import PortalCore

/// The search index each client's site carries (`search/index.js`): made of that client's rows only, even where
/// another client's project has the same name; its time entries are the client's completed entries, and a date
/// range picks the rows SQL picks; every row links to a page of the same site; a rebuild of unchanged data
/// writes no file of it again.
@Suite struct SearchIndexTests {
    /// The tables of a client's index, decoded from the script's one call.
    static func index(_ fixture: Fixture, _ slug: String) throws -> [String: Any] {
        let text = try String(contentsOf: fixture.site(slug).appendingPathComponent("search/index.js"), encoding: .utf8)
        let prefix = "portalgenSearch(", suffix = ");\n"
        #expect(text.hasPrefix(prefix) && text.hasSuffix(suffix))
        let json = Data(text.dropFirst(prefix.count).dropLast(suffix.count).utf8)
        return try #require(try JSONSerialization.jsonObject(with: json) as? [String: Any])
    }

    static func rows(_ index: [String: Any], _ table: String) -> [[Any]]? {
        (index["tables"] as? [[String: Any]])?.first { $0["id"] as? String == table }?["rows"] as? [[Any]]
    }

    /// TimeTracker's `round(duration_seconds / 3600, 2)`, in hundredths.
    static func centi(_ seconds: Int64) -> Int { Int((Double(String(format: "%.2f", Double(seconds) / 3600))! * 100).rounded()) }

    /// Strings from the database become JSON that no script context can misread, scalar by scalar: a quote
    /// with a combining mark is still escaped, `</script>` cannot close anything, U+2028 and controls are
    /// escaped, and the text decodes back to itself.
    @Test func stringsAreEscapedByScalar() throws {
        let text = "\"\u{301} </script> a\u{2028}b\u{2029}c \u{0}\u{1F}\u{7F} \\ é 👩‍👩‍👧 שלום"
        var bytes: [UInt8] = []
        SearchIndex.string(text, to: &bytes)
        let written = String(decoding: bytes, as: UTF8.self)
        #expect(written == #""\"\#u{301} \u003c/script> a\u2028b\u2029c \u0000\u001f\u007f \\ é 👩‍👩‍👧 שלום""#)
        #expect(try JSONSerialization.jsonObject(with: Data(bytes), options: .fragmentsAllowed) as? String == text)
    }

    @Test func eachClientsIndexHoldsItsOwnRowsAndAgreesWithSQL() async throws {
        let fixture = try Fixture(clients: 3, entries: 60, invoices: 3)
        // Client 3's project takes client 1's project's name, and one of its entries a word no other row has.
        let marker = "quokkamarker"
        let shared = try await fixture.database().write { db -> String in
            let name = try #require(try String.fetchOne(db, sql: "SELECT name FROM projects WHERE client_id = 1 AND status = 'active' ORDER BY id LIMIT 1"))
            try db.execute(
                sql: "UPDATE projects SET name = ? WHERE id = (SELECT min(id) FROM projects WHERE client_id = 3 AND status = 'active')", arguments: [name])
            try db.execute(
                sql: """
                    UPDATE time_entries SET notes = 'Met the ' || ? || ' team' WHERE id = (SELECT min(t.id) FROM time_entries t
                      JOIN projects p ON p.id = t.project_id WHERE p.client_id = 3 AND p.status = 'active' AND t.end_time IS NOT NULL)
                    """, arguments: [marker])
            return name
        }
        let report = try await fixture.build()
        #expect(report.succeeded)
        let (from, to) = ("2026-09-01", "2026-10-15")
        for client in report.clients {
            let index = try Self.index(fixture, client.slug)
            let text = try String(contentsOf: fixture.site(client.slug).appendingPathComponent("search/index.js"), encoding: .utf8)
            #expect(text.contains(marker) == (client.clientID == 3), "\(client.slug): the marked note is client 3's alone")
            if client.clientID != 2 { #expect(text.contains(shared), "\(client.slug): its project \(shared)") }
            // Every row links to a file of this client's own site.
            let files = Set(fixture.files(client.slug))
            for table in index["tables"] as? [[String: Any]] ?? [] {
                for row in table["rows"] as? [[Any]] ?? [] {
                    let href = row[0] as? String ?? ""
                    #expect(files.contains(href), "\(client.slug): \(table["id"] ?? "") row links to \(href)")
                }
            }
            // Time entries: the client's completed entries, on active projects or direct; a range as SQL picks it.
            // (The demo's client 2 hides its time entries.)
            guard let entries = Self.rows(index, "time-entries") else {
                #expect(client.clientID == 2, "\(client.slug) has a time-entries table")
                continue
            }
            let seconds = try await fixture.database().read { db in
                try Row.fetchAll(
                    db,
                    sql: """
                        SELECT substr(t.start_time, 1, 10) AS day, coalesce(t.duration_seconds, 0) AS seconds FROM time_entries t
                          LEFT JOIN projects p ON p.id = t.project_id
                         WHERE t.end_time IS NOT NULL AND ((p.client_id = ? AND p.status = 'active') OR (t.project_id IS NULL AND t.client_id = ?))
                        """, arguments: [client.clientID, client.clientID]
                ).map { (day: $0["day"] as String, seconds: $0["seconds"] as Int64) }
            }
            #expect(entries.count == seconds.count, "\(client.slug): entries")
            let inRange = entries.filter { ($0[1] as! String) >= from && ($0[1] as! String) <= to }
            let expected = seconds.filter { $0.day >= from && $0.day <= to }
            #expect(inRange.count == expected.count, "\(client.slug): entries from \(from) to \(to)")
            let indexed: Int = inRange.map { $0[4] as! Int }.reduce(0, +)
            let summed: Int = expected.map { Self.centi($0.seconds) }.reduce(0, +)
            #expect(indexed == summed, "\(client.slug): hours in range")
            // Invoices: each the client's, by number.
            let numbers = try await fixture.database().read { db in
                try String.fetchAll(db, sql: "SELECT invoice_number FROM invoices WHERE client_id = ? AND status <> 'draft'", arguments: [client.clientID])
            }
            let listed: [String] = (Self.rows(index, "invoices") ?? []).map { $0[5] as! String }
            #expect(listed.sorted() == numbers.sorted(), "\(client.slug): invoices")
        }
        // Unchanged data: the index is not written again.
        let again = try await fixture.build()
        #expect(again.clients.allSatisfy { $0.publish.map { !$0.didChange } ?? true }, "a rebuild of unchanged data rewrote files")
    }
}

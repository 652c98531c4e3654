import Foundation
import GRDB
import PortalTestSupport
import Testing

@testable import PortalCore

@Suite struct FingerprintTests {
    /// The watcher's incremental read must always equal a full read, and name exactly the clients touched;
    /// with the change log installed (``SQLiteChangeLog``), its cheap look names them all, edits and
    /// deletions included, and a change to what every client shows says "everything".
    @Test(arguments: [false, true]) func incrementalReadsEqualFullReads(logged: Bool) async throws {
        let fixture = try Fixture(clients: 4, entries: 30, invoices: 2)
        let writer = try fixture.database()
        if logged {
            let statements = SQLiteChangeLog.statements(try PortalDatabase(path: fixture.databasePath))
            try await writer.write { db in for statement in statements { try db.execute(sql: statement) } }
        }
        var previous = try ClientFingerprint.read(try PortalDatabase(path: fixture.databasePath))
        var mark = try NewRows.read(try PortalDatabase(path: fixture.databasePath), since: nil).mark
        // (change, clients it touches, whether the first look at new rows and stopped timers finds them)
        let newestEntryOfClient2 = "(SELECT max(t.id) FROM time_entries t JOIN projects p ON p.id = t.project_id WHERE p.client_id = 2)"
        let changes: [(String, Set<Int64>, Bool)] = [
            (
                "INSERT INTO time_entries (user_id, project_id, start_time, end_time, duration_seconds, source, billable, paid, created_at, updated_at) VALUES (1, (SELECT min(id) FROM projects WHERE client_id = 2), '2026-11-20 09:00:00.000000', '2026-11-20 10:00:00.000000', 3600, 'manual', 1, 0, '2026-11-20 10:00:00.000000', '2026-11-20 10:00:00.000000')",
                [2], true
            ),
            // The row just added, edited in place: the next scan must see it although it was new last time.
            ("UPDATE time_entries SET notes = 'edited', updated_at = '2026-11-20 18:00:00.000000' WHERE id = \(newestEntryOfClient2)", [2], false),
            (
                "UPDATE time_entries SET duration_seconds = duration_seconds + 60 WHERE id = (SELECT min(t.id) FROM time_entries t JOIN projects p ON p.id = t.project_id WHERE p.client_id = 3)",
                [3], false
            ),
            (
                "DELETE FROM time_entries WHERE id = (SELECT max(t.id) FROM time_entries t JOIN projects p ON p.id = t.project_id WHERE p.client_id = 1 AND t.end_time IS NOT NULL)",
                [1], false
            ),
            (
                "INSERT INTO comments (content, project_id, user_id, is_internal, is_client_comment, created_at, updated_at) VALUES ('x', (SELECT min(id) FROM projects WHERE client_id = 4), 1, 0, 0, '2026-11-20 10:00:00.000000', '2026-11-20 10:00:00.000000')",
                [4], true
            ),
            (
                "UPDATE time_entries SET end_time = '2026-11-20 17:00:00.000000', duration_seconds = 600 WHERE end_time IS NULL AND project_id IN (SELECT id FROM projects WHERE client_id = 2)",
                [2], true
            ),
            // Booked straight to client 3 (no project), then one of client 4's project entries that names client 3
            // as its client too: it belongs to the project's client, and must not leak into client 3's part.
            (
                "INSERT INTO time_entries (user_id, project_id, client_id, start_time, end_time, duration_seconds, source, billable, paid, created_at, updated_at) VALUES (1, NULL, 3, '2026-11-20 09:00:00.000000', '2026-11-20 10:00:00.000000', 3600, 'manual', 1, 0, '2026-11-20 10:00:00.000000', '2026-11-20 10:00:00.000000')",
                [3], true
            ),
            (
                "INSERT INTO time_entries (user_id, project_id, client_id, start_time, end_time, duration_seconds, source, billable, paid, created_at, updated_at) VALUES (1, (SELECT min(id) FROM projects WHERE client_id = 4), 3, '2026-11-20 11:00:00.000000', '2026-11-20 12:00:00.000000', 3600, 'manual', 1, 0, '2026-11-20 12:00:00.000000', '2026-11-20 12:00:00.000000')",
                [4], true
            ),
            (
                "UPDATE time_entries SET duration_seconds = 1800, updated_at = '2026-11-20 19:00:00.000000' WHERE client_id = 3 AND project_id IS NOT NULL",
                [4], false
            ),
            // Quotes: sending a draft, a new line on another client's quote, a new quote.
            (
                "UPDATE quotes SET status = 'sent', visible_to_client = 1, updated_at = '2026-11-20 18:30:00.000000' WHERE client_id = 2 AND status = 'draft'",
                [2], false
            ),
            (
                "INSERT INTO quote_items (quote_id, description, quantity, unit_price, total_amount, line_kind, is_stock_item, position, created_at) VALUES ((SELECT min(id) FROM quotes WHERE client_id = 3), 'extra', 1, 10, 10, 'item', 0, 9, '2026-11-20 10:00:00.000000')",
                [3], true
            ),
            (
                "INSERT INTO quotes (quote_number, client_id, title, status, subtotal, tax_rate, tax_amount, total_amount, currency_code, discount_amount, approval_status, requires_approval, approval_level, visible_to_client, created_by, created_at, updated_at) VALUES ('QUO-NEW', 4, 'New', 'sent', 10, 0, 0, 10, 'EUR', 0, 'not_required', 0, 1, 1, 1, '2026-11-20 10:00:00.000000', '2026-11-20 10:00:00.000000')",
                [4], true
            ),
            // The newest row deleted and its id reused by a new row of another client: same count, same highest id.
            (
                "DELETE FROM time_entries WHERE id = (SELECT max(id) FROM time_entries); INSERT INTO time_entries (user_id, project_id, start_time, end_time, duration_seconds, source, billable, paid, created_at, updated_at) VALUES (1, (SELECT min(id) FROM projects WHERE client_id = 3), '2026-11-20 09:00:00.000000', '2026-11-20 10:00:00.000000', 3600, 'manual', 1, 0, '2026-11-20 10:00:00.000000', '2026-11-20 10:00:00.000000')",
                [3, 4], false
            ),
        ]
        for (sql, expected, early) in changes {
            try await writer.write { db in try db.execute(sql: sql) }
            let database = try PortalDatabase(path: fixture.databasePath)
            let look = try NewRows.read(database, since: mark)
            mark = look.mark
            let incremental = try ClientFingerprint.read(database, previous: previous)
            let full = try ClientFingerprint.read(database)
            #expect(incremental.clients == full.clients, "\(sql)")
            // A build of a few clients reads their digests alone; they must equal the whole read's.
            let some = try ClientFingerprint.read(database, only: [1, 3])
            #expect(some.clients == full.clients.filter { [1, 3].contains($0.key) }, "\(sql)")
            #expect(incremental.changedClients(since: previous) == expected, "\(sql)")
            #expect(look.clients == (early || logged ? expected : []), "\(sql)")
            #expect(look.logged == logged && !look.everything, "\(sql)")
            previous = incremental
        }
        guard logged else { return }
        try await writer.write { db in try db.execute(sql: "UPDATE settings SET date_format = 'DD.MM.YYYY'") }
        let look = try NewRows.read(try PortalDatabase(path: fixture.databasePath), since: mark)
        #expect(look.everything)
    }
}

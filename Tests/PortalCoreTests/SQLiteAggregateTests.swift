import Foundation
import GRDB
import Testing

@testable import PortalCore

/// portalgen's own SQLite aggregates, which the fingerprints are read with: `portalgen_digest` moves with
/// every value of every row and not with the order rows are read in; `portalgen_sums` gives what SQLite's own
/// `total()` and `max()` give.
@Suite struct SQLiteAggregateTests {
    /// An in-memory database with the aggregates and a table `t(id, g, v, w)`.
    static func database(_ rows: [(Int, Int, DatabaseValue, DatabaseValue)]) throws -> DatabaseQueue {
        let queue = try DatabaseQueue()
        try queue.write { db in
            try RowDigest.register(in: db)
            try RowSums.register(in: db)
            try db.execute(sql: "CREATE TABLE t (id INTEGER PRIMARY KEY, g INTEGER, v, w)")
            for row in rows {
                try db.execute(sql: "INSERT INTO t VALUES (?, ?, ?, ?)", arguments: [row.0, row.1, row.2, row.3])
            }
        }
        return queue
    }

    static func digests(_ queue: DatabaseQueue, where condition: String? = nil) throws -> [Int: String] {
        try queue.read { db in
            let sql = "SELECT g, \(SQLDialect.sqlite.rowDigest(["v", "w"], id: "id", where: condition)) FROM t GROUP BY g"
            return Dictionary(uniqueKeysWithValues: try Row.fetchAll(db, sql: sql).map { ($0[0] as Int, $0[1] as String) })
        }
    }

    static let rows: [(Int, Int, DatabaseValue, DatabaseValue)] = [
        (1, 1, "paid".databaseValue, 12.5.databaseValue), (2, 1, "sent".databaseValue, .null), (3, 2, 7.databaseValue, "x".databaseValue),
        (4, 2, "".databaseValue, Data([0, 1]).databaseValue), (5, 3, "Ü".databaseValue, "é".databaseValue),
    ]

    @Test func aDigestDoesNotDependOnTheOrderRowsAreRead() throws {
        let forward = try Self.digests(Self.database(Self.rows))
        let backward = try Self.digests(Self.database(Self.rows.reversed()))
        #expect(forward == backward)
        #expect(forward.count == 3 && forward.values.allSatisfy { $0.count == 16 })
    }

    @Test(arguments: [
        (2, DatabaseValue.null, "value made NULL"), (0, "sent".databaseValue, "values swapped between rows"),
        (1, 7.0.databaseValue, "integer stored as real"), (1, "7".databaseValue, "integer stored as text"),
        (4, "".databaseValue, "text made empty"), (3, DatabaseValue.null, "empty text made NULL"),
    ])
    func everyChangeOfAValueMovesItsGroupsDigest(row: Int, value: DatabaseValue, what: String) throws {
        var changed = Self.rows
        changed[row].2 = value
        if what == "values swapped between rows" { changed[1].2 = "paid".databaseValue }
        let before = try Self.digests(Self.database(Self.rows))
        let after = try Self.digests(Self.database(changed))
        let group = Self.rows[row].1
        #expect(before[group] != after[group], "\(what)")
        #expect(before.filter { $0.key != group } == after.filter { $0.key != group }, "\(what) moved another group")
    }

    @Test func rowsAddedRemovedOrFilteredOutMoveTheDigest() throws {
        let all = try Self.digests(Self.database(Self.rows))
        #expect(try Self.digests(Self.database(Array(Self.rows.dropLast(2))))[2] != all[2])
        #expect(try Self.digests(Self.database(Self.rows + [(6, 1, "paid".databaseValue, 12.5.databaseValue)]))[1] != all[1])
        // A group whose rows are all filtered out digests to '' (as an empty group reads).
        let filtered = try Self.digests(Self.database(Self.rows), where: "id <> 5")
        #expect(filtered[3] == "" && filtered[1] == all[1])
    }

    @Test func sumsAreSQLiteTotalsAndLatestIsItsMax() throws {
        var rows: [(Int, Int, DatabaseValue, DatabaseValue)] = []
        var generator = SystemRandomNumberGenerator()
        for id in 1...2_000 {
            let value: DatabaseValue =
                switch id % 5 {
                case 0: .null
                case 1: Int64.random(in: -1_000_000...1_000_000, using: &generator).databaseValue
                case 2: (Double(Int.random(in: 0...100_000, using: &generator)) / 4).databaseValue
                case 3: "\(Int.random(in: 0...999, using: &generator)).25".databaseValue
                default: Int64(id).databaseValue
                }
            let latest: DatabaseValue = id % 7 == 0 ? .null : "2026-\(10 + id % 3)-\(10 + id % 19) 0\(id % 10):00:00\(id % 4 == 0 ? ".5" : "")".databaseValue
            rows.append((id, id % 4, value, latest))
        }
        let queue = try Self.database(rows)
        try queue.read { db in
            for condition in [nil, "id <= 1500", "id < 0"] as [String?] {
                let mine = SQLDialect.sqlite.sums(["v", "id"], latest: "w", where: condition)
                let filter = condition.map { " WHERE \($0)" } ?? ""
                let theirs = "count(*) || '|' || total(v) || '|' || total(id) || '|' || ifnull(max(w), '')"
                for row in try Row.fetchAll(db, sql: "SELECT g, \(mine) FROM t GROUP BY g") {
                    let expected = try String.fetchOne(
                        db, sql: "SELECT \(theirs) FROM t WHERE g = ?\(filter.replacingOccurrences(of: "WHERE", with: "AND"))", arguments: [row[0] as Int])!
                    let got = (row[1] as String).split(separator: "|", omittingEmptySubsequences: false)
                    let want = expected.split(separator: "|", omittingEmptySubsequences: false)
                    #expect(got.count == 4)
                    #expect(got.prefix(3).map { Double($0) } == want.prefix(3).map { Double($0) }, "group \(row[0] as Int), \(condition ?? "all rows")")
                    #expect(got.last == want.last)
                }
            }
        }
    }
}

/// Where the watched tables stood at one ``EditedRows`` look.
package struct EditMark: Sendable {
    /// One table: its rows, its highest id and its latest `updated_at` (empty without the column or rows).
    struct Table: Sendable, Equatable {
        var rows: Int64
        var newest: Int64
        var latest: String
    }

    /// One client's rows along one owner path: how many, and the sum of their ids.
    struct Owned: Sendable, Equatable {
        var rows: Int64
        var ids: Double
    }

    var tables: [String: Table] = [:]
    /// The database's pages at this look (SQLite): the next names the rows on the pages written since.
    var pages: PageMark?
    /// For each owner path (an index into ``OwnedTable/owners(_:_:)``), each client's rows: whose row a
    /// deletion took, since the row itself is gone.
    var owned: [Int: [Int64: Owned]] = [:]
}

/// The quick look for edits in place and deletions, for databases without the triggers: TimeTracker stamps
/// `updated_at` on every edit and never reuses an id, so one pass over each table says which rows were edited
/// since the last look (a newer `updated_at`) and whether any was deleted (fewer rows than before plus those
/// added). Only the tables with a deletion are then counted per client. On SQLite it reads only the rows on
/// the pages written since the last look (``SQLiteChangedPages``: 10–75 ms at a million entries); on
/// PostgreSQL, and when the pages cannot tell, every row's `updated_at` (no index has it), aggregating
/// nothing: a quarter to a third of ``ClientFingerprint``'s read, which stays the safety net for what this
/// look cannot see (an edit that stamps no newer `updated_at`, a row moved away from a client, a cascade that
/// sets a column to NULL).
package struct EditedRows {
    let db: any SourceSnapshot
    var dialect: SQLDialect { db.dialect }

    /// The mark now, and the clients whose rows were edited or deleted since `previous` (none without one).
    package static func read(_ database: PortalDatabase, since previous: EditMark?) throws -> (mark: EditMark, clients: Set<Int64>) {
        var (look, pages) = try database.read(changedSince: previous?.pages) { try EditedRows(db: $0).look(since: previous, among: $1) }
        look.mark.pages = pages
        return look
    }

    /// `rowids`: the only rows that can have been edited since `previous` (those on the pages written since,
    /// in every table), or nil to read every row's `updated_at`.
    func look(since previous: EditMark?, among rowids: Set<Int64>? = nil) throws -> (mark: EditMark, clients: Set<Int64>) {
        let owners = OwnedTable.owners(db.schema, dialect)
        var tables: [String] = []
        for owner in owners where !tables.contains(owner.table) { tables.append(owner.table) }
        var mark = EditMark()
        // Rows and ids: an index, or a count of the b-tree's pages on SQLite. Where every row is read anyway
        // (no rowids from the pages), the same pass also counts the rows stamped since the last look and
        // gives their lowest and highest id: one edit then costs one read of the table, not two.
        var arguments: [String: SourceValue] = [:]
        var onePass: Set<Int> = []
        let counts = tables.enumerated().map { index, table in
            arguments["n\(index)"] = .int(previous?.tables[table]?.newest ?? 0)
            guard rowids == nil, db.schema.has(table, "updated_at") else {
                return
                    "SELECT \(index), (SELECT count(*) FROM \(table)), (SELECT count(*) FROM \(table) WHERE id > :n\(index)), (SELECT coalesce(max(id), 0) FROM \(table)), NULL, NULL, NULL, NULL"
            }
            onePass.insert(index)
            var after = "1 = 0"
            if let latest = previous?.tables[table]?.latest, !latest.isEmpty {
                arguments["s\(index)"] = .text(latest)
                after = "updated_at > \(dialect.dateTime(parameter: "s\(index)"))"
            }
            return """
                SELECT \(index), count(*), count(CASE WHEN id > :n\(index) THEN 1 END), coalesce(max(id), 0), count(CASE WHEN \(after) THEN 1 END),
                 min(CASE WHEN \(after) THEN id END), max(CASE WHEN \(after) THEN id END), max(updated_at) FROM \(table)
                """
        }
        var deleted: Set<String> = []
        var edited: [String: Set<Int64>] = [:]
        /// Tables whose pass found several stamped rows, named by a second read.
        var several: Set<Int> = []
        for row in try db.rows(counts.joined(separator: " UNION ALL "), arguments, columns: 8) {
            guard let index = row.int(0).map(Int.init), tables.indices.contains(index) else { continue }
            let table = tables[index]
            mark.tables[table] = EditMark.Table(rows: row.int(1) ?? 0, newest: row.int(3) ?? 0, latest: previous?.tables[table]?.latest ?? "")
            if let before = previous?.tables[table], (row.int(1) ?? 0) < before.rows + (row.int(2) ?? 0) { deleted.insert(table) }
            guard onePass.contains(index) else { continue }
            if let stamp = row.text(7), stamp > mark.tables[table]?.latest ?? "" { mark.tables[table]?.latest = stamp }
            let stampedRows = row.int(4) ?? 0
            if stampedRows > 0, let lowest = row.int(5), row.int(6) == lowest {
                edited[table] = [lowest]
            } else if stampedRows > 0 {
                several.insert(index)
            }
        }
        // Edits: the rows stamped after the latest `updated_at` of the last look, among the pages' rows on
        // SQLite, or in the tables where the pass above found several.
        arguments = [:]
        let edits: [String] = tables.enumerated().compactMap { index, table in
            guard db.schema.has(table, "updated_at"), !onePass.contains(index) || several.contains(index) else { return nil }
            guard let latest = previous?.tables[table]?.latest, !latest.isEmpty else {
                return "SELECT \(index), NULL, max(updated_at) FROM \(table)"
            }
            // Rowids come from SQLite only, where every TimeTracker table has them.
            if let rowids, rowids.isEmpty { return nil }
            arguments["s\(index)"] = .text(latest)
            let among = rowids.map { " AND rowid IN (\($0.sqlList))" } ?? ""
            return "SELECT \(index), id, updated_at FROM \(table) WHERE updated_at > \(dialect.dateTime(parameter: "s\(index)"))\(among)"
        }
        if !edits.isEmpty {
            for row in try db.rows(edits.joined(separator: " UNION ALL "), arguments, columns: 3) {
                guard let index = row.int(0).map(Int.init), tables.indices.contains(index), let stamp = row.text(2) else { continue }
                let table = tables[index]
                if let id = row.int(1) { edited[table, default: []].insert(id) }
                if stamp > mark.tables[table]?.latest ?? "" { mark.tables[table]?.latest = stamp }
            }
        }
        var clients = Set<Int64>()
        for (index, owner) in owners.enumerated() {
            if let ids = edited[owner.table] {
                clients.formUnion(try db.clients(owning: owner, where: "x.id IN (\(ids.sqlList))"))
            }
            // Whose rows a deletion took: count each client's rows again and compare. A first look counts
            // every table; later ones add the new rows to the counts.
            let before = previous?.owned[index]
            if before == nil || deleted.contains(owner.table) {
                let now = try owned(owner.client, owner.from, where: nil)
                if let before {
                    for id in Set(now.keys).union(before.keys) where now[id] != before[id] { clients.insert(id) }
                }
                mark.owned[index] = now
            } else if var counts = before {
                let newest = previous?.tables[owner.table]?.newest ?? 0
                if (mark.tables[owner.table]?.newest ?? 0) > newest {
                    for (id, added) in try owned(owner.client, owner.from, where: "x.id > \(newest)") {
                        counts[id, default: EditMark.Owned(rows: 0, ids: 0)].rows += added.rows
                        counts[id, default: EditMark.Owned(rows: 0, ids: 0)].ids += added.ids
                    }
                }
                mark.owned[index] = counts
            }
        }
        return (mark, clients)
    }

    /// Each client's rows along one owner path (`client` over `from`), of those where `condition` holds.
    func owned(_ client: String, _ from: String, where condition: String?) throws -> [Int64: EditMark.Owned] {
        var result: [Int64: EditMark.Owned] = [:]
        let filter = condition.map { " WHERE \($0)" } ?? ""
        try db.forEach("SELECT \(client), count(*), \(dialect.total("x.id")) FROM \(from)\(filter) GROUP BY 1", [:]) { row in
            guard let id = row.int(0) else { return }
            result[id] = EditMark.Owned(rows: row.int(1) ?? 0, ids: row.text(2).flatMap(Double.init) ?? 0)
        }
        return result
    }
}

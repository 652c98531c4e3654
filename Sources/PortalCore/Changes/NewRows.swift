/// Where each table ended at one read: its highest id, the running timers, and the last entry of the
/// SQLite change log (``SQLiteChangeLog``) when the database has one.
package struct RowMark: Sendable, Codable, Equatable {
    var newest: [String: Int64] = [:]
    var running: [Int64] = []
    var logged: Int64?
}

/// What one cheap look found.
package struct RowLook: Sendable {
    package var mark: RowMark
    /// The clients whose rows were added, whose timers stopped, or (with the change log) that changed at all.
    package var clients: Set<Int64>
    /// The database has the change log: edits and deletions since the last look are in ``clients`` too,
    /// and no aggregate need be read for them.
    package var logged: Bool { mark.logged != nil }
    /// The change log says a table every client shows changed: look at everything.
    package var everything = false
}

/// The cheap look at a change: which clients own rows added since a ``RowMark``, and time entries whose timer
/// stopped since. Only primary-key and index lookups, so it answers in milliseconds at any size; edits in
/// place and deletions are left to the aggregates of ``ClientFingerprint``.
package struct NewRows {
    let db: any SourceSnapshot
    var schema: TimeTrackerSchema { db.schema }

    /// For each table a portal shows: the client of a row `x`, and the `FROM` clause that reaches it.
    var owners: [(table: String, client: String, from: String)] { OwnedTable.owners(schema, db.dialect) }

    /// The mark now and the clients that own rows added or timers stopped since `previous` (none without
    /// one); on SQLite with the change log, also the clients it names since `previous`.
    package static func read(_ database: PortalDatabase, since previous: RowMark?) throws -> RowLook {
        try database.read { db in
            let rows = NewRows(db: db)
            var look = RowLook(mark: try rows.mark(), clients: [])
            if db.dialect == .sqlite, let log = try SQLiteChangeLog.read(db, after: previous?.logged) {
                // A log just installed (or installed again) says nothing of what came before it: everything.
                look.mark.logged = log.newest
                look.everything = log.clients == nil
                look.clients = log.clients ?? []
            }
            guard let previous else { return look }
            look.clients.formUnion(
                try rows.clients(since: previous.newest, newest: look.mark.newest, stoppedTimers: Set(previous.running).subtracting(look.mark.running)))
            return look
        }
    }

    func mark() throws -> RowMark { RowMark(newest: try newest(), running: try runningTimers()) }

    /// The highest id of each table.
    func newest() throws -> [String: Int64] {
        var result: [String: Int64] = [:]
        for owner in owners where result[owner.table] == nil {
            result[owner.table] = try db.int("SELECT coalesce(max(id), 0) FROM \(owner.table)") ?? 0
        }
        return result
    }

    /// Ids of the time entries whose timer runs (`end_time` is indexed).
    func runningTimers() throws -> [Int64] {
        try db.ints("SELECT id FROM time_entries WHERE end_time IS NULL ORDER BY id")
    }

    /// Clients that own a row with an id above the one in `previous`, or one of `stoppedTimers`.
    func clients(since previous: [String: Int64], newest: [String: Int64], stoppedTimers: Set<Int64>) throws -> Set<Int64> {
        var clients = Set<Int64>()
        for owner in owners {
            guard let last = previous[owner.table], let now = newest[owner.table], now > last else { continue }
            clients.formUnion(
                try db.clients(owning: owner, where: "x.id > :last", ["last": .int(last)]))
        }
        if !stoppedTimers.isEmpty {
            let owner = owners.first { $0.table == "time_entries" }!
            clients.formUnion(
                try db.clients(owning: owner, where: "x.id IN (\(stoppedTimers.sqlList))"))
        }
        return clients
    }
}

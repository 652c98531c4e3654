/// The SQL an admin runs to install or remove triggers (``PostgresTriggers``, ``SQLiteChangeLog``): comments
/// that say what it is and how to run it, then the statements in one transaction.
package enum TriggerScript {
    /// The SQL `portalgen triggers` prints for `database`: its dialect's triggers, or their removal.
    package static func sql(_ database: PortalDatabase, drop: Bool = false) -> String {
        database.dialect == .postgres ? PostgresTriggers.sql(database, drop: drop) : SQLiteChangeLog.sql(database, drop: drop)
    }

    /// The statements of ``sql(_:drop:)`` one by one, without the transaction (for a writer that runs them).
    package static func statements(_ database: PortalDatabase, drop: Bool = false) -> [String] {
        database.dialect == .postgres ? PostgresTriggers.statements(database, drop: drop) : SQLiteChangeLog.statements(database, drop: drop)
    }

    /// The watched tables whose triggers are missing or outdated, and how many tables are watched.
    package static func missing(_ database: PortalDatabase) throws -> (tables: [String], watched: Int) {
        if database.dialect == .postgres {
            return (try PostgresTriggers.missing(database), PostgresTriggers.functions(database).count)
        }
        return (try SQLiteChangeLog.missing(database), Set(SQLiteChangeLog.triggers(database).map(\.table)).count)
    }

    static func transaction(comments: [String], statements: [String]) -> String {
        (comments.map { "-- " + $0 } + ["BEGIN;"] + statements.map { $0 + ";" } + ["COMMIT;"]).joined(separator: "\n") + "\n"
    }

    /// Each watched table (in the declaration's order) with its owners: the client expression over a row `x`
    /// and the `FROM` clause that reaches it (``OwnedTable/owners(_:_:)``; some tables have two).
    static func ownersByTable(_ database: PortalDatabase) -> [(table: String, owners: [(client: String, from: String)])] {
        var byTable: [String: [(client: String, from: String)]] = [:]
        var order: [String] = []
        for owner in OwnedTable.owners(database.schema, database.dialect) {
            if byTable[owner.table] == nil { order.append(owner.table) }
            byTable[owner.table, default: []].append((owner.client, owner.from))
        }
        return order.map { ($0, byTable[$0]!) }
    }
}

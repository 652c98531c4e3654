/// The SQL an admin runs to install or remove triggers (``PostgresTriggers``, ``SQLiteChangeLog``): comments
/// that say what it is and how to run it, then the statements in one transaction.
enum TriggerScript {
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

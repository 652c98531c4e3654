import Crypto
import Foundation

/// The optional `NOTIFY portalgen` triggers: with them the daemon hears of a commit the moment it happens
/// (`LISTEN`), and from whom, instead of polling. portalgen never creates them (its role may only read); an
/// admin who owns TimeTracker's tables runs the SQL that `portalgen triggers` prints.
///
/// Everything comes from the one declaration of who owns a row (``OwnedTable/owners(_:_:)``): each watched
/// table gets a statement-level trigger function that reads the statement's transition tables (the rows
/// inserted, the rows as they were before an update or delete) through that table's own owner expression,
/// and sends `<table>:<client ids>`; an edit in place or a deletion is thus pinned to its clients without
/// any scan. The tables every client shows (settings, staff, payment gateways), a `TRUNCATE`, or a statement
/// touching more than ``maxClients`` clients send `<table>:*`: "look at everything".
package enum PostgresTriggers {
    /// The channel the triggers notify and the daemon listens on.
    package static let channel = "portalgen"
    /// The prefix of every function and trigger name.
    static let prefix = "portalgen_notify"
    /// Above this many clients a statement notifies `*` (payloads are limited to 8,000 bytes).
    static let maxClients = 400

    /// One trigger function: the table it watches and its body.
    struct Function {
        let table: String
        let name: String
        let body: String
        /// Digest of the body, stored as the function's comment so an outdated install is noticed.
        var version: String { "portalgen " + SHA256.hash(data: Data(body.utf8)).prefix(8).hex }
    }

    /// The functions for `database`'s schema: one per owned table, one shared by the global tables.
    static func functions(_ database: PortalDatabase) -> [Function] {
        let schema = database.schema
        var result = TriggerScript.ownersByTable(database).map { table, owners in
            func select(from transition: String) -> String {
                owners.map { owner in
                    let from = transition + owner.from.dropFirst(table.count)
                    return "SELECT (\(owner.client))::bigint AS o FROM \(from)"
                }.joined(separator: " UNION ALL ")
            }
            let body = """
                DECLARE found bigint[] := '{}';
                BEGIN
                  IF TG_OP = 'TRUNCATE' THEN
                    PERFORM pg_notify('\(channel)', TG_TABLE_NAME || ':*');
                    RETURN NULL;
                  END IF;
                  IF TG_OP <> 'DELETE' THEN
                    found := found || ARRAY(SELECT DISTINCT o FROM (\(select(from: "new_rows"))) s WHERE o IS NOT NULL);
                  END IF;
                  IF TG_OP <> 'INSERT' THEN
                    found := found || ARRAY(SELECT DISTINCT o FROM (\(select(from: "old_rows"))) s WHERE o IS NOT NULL);
                  END IF;
                  found := ARRAY(SELECT DISTINCT unnest(found) ORDER BY 1);
                  IF cardinality(found) > \(maxClients) THEN
                    PERFORM pg_notify('\(channel)', TG_TABLE_NAME || ':*');
                  ELSIF cardinality(found) > 0 THEN
                    PERFORM pg_notify('\(channel)', TG_TABLE_NAME || ':' || array_to_string(found, ','));
                  END IF;
                  RETURN NULL;
                END
                """
            return Function(table: table, name: "\(prefix)_\(table)", body: body)
        }
        for table in ClientFingerprint.globalTables where schema.has(table) {
            result.append(
                Function(table: table, name: "\(prefix)_all", body: "BEGIN\n  PERFORM pg_notify('\(channel)', TG_TABLE_NAME || ':*');\n  RETURN NULL;\nEND"))
        }
        return result
    }

    /// The triggers of one function's table: name and `CREATE TRIGGER` clause (after `ON <table>`).
    static func triggers(_ function: Function) -> [(name: String, clause: String)] {
        if function.name == "\(prefix)_all" {
            return [("\(prefix)", "AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE")]
        }
        return [
            ("\(prefix)_insert", "AFTER INSERT ON \(function.table) REFERENCING NEW TABLE AS new_rows"),
            ("\(prefix)_update", "AFTER UPDATE ON \(function.table) REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows"),
            ("\(prefix)_delete", "AFTER DELETE ON \(function.table) REFERENCING OLD TABLE AS old_rows"),
            ("\(prefix)_truncate", "AFTER TRUNCATE ON \(function.table)"),
        ]
    }

    /// SQL that installs (or, with `drop`, removes) the triggers; idempotent, in one transaction.
    package static func sql(_ database: PortalDatabase, drop: Bool = false) -> String {
        TriggerScript.transaction(
            comments: [
                "portalgen: NOTIFY triggers for live updates without polling. Run as the owner of TimeTracker's tables",
                "(portalgen's own role only reads and LISTENs). Statement-level: a bulk update notifies once, naming",
                "the clients whose rows it touched. Re-run after upgrading portalgen (`portalgen check` says when).",
            ], statements: statements(database, drop: drop))
    }

    /// The statements of ``sql(_:drop:)``, one by one and without the transaction (for ``SourceWriter``).
    package static func statements(_ database: PortalDatabase, drop: Bool = false) -> [String] {
        let functions = functions(database)
        var lines: [String] = []
        var defined = Set<String>()
        for function in functions {
            for trigger in triggers(function) { lines.append("DROP TRIGGER IF EXISTS \(trigger.name) ON \(function.table)") }
            guard !drop else { continue }
            if defined.insert(function.name).inserted {
                lines.append("CREATE OR REPLACE FUNCTION \(function.name)() RETURNS trigger LANGUAGE plpgsql AS $portalgen$\n\(function.body)\n$portalgen$")
                lines.append("COMMENT ON FUNCTION \(function.name)() IS '\(function.version)'")
            }
            for trigger in triggers(function) {
                let clause = trigger.clause.contains(" ON ") ? trigger.clause : "\(trigger.clause) ON \(function.table)"
                lines.append("CREATE TRIGGER \(trigger.name) \(clause) FOR EACH STATEMENT EXECUTE FUNCTION \(function.name)()")
            }
        }
        if drop {
            for name in Set(functions.map(\.name)).sorted() { lines.append("DROP FUNCTION IF EXISTS \(name)()") }
        }
        return lines
    }

    /// The watched tables whose triggers are missing or outdated (all of them on SQLite, which has no `NOTIFY`).
    package static func missing(_ database: PortalDatabase) throws -> [String] {
        let functions = functions(database)
        guard database.dialect == .postgres else { return functions.map(\.table) }
        let installed = try database.read { snapshot in
            try snapshot.rows(
                """
                SELECT c.relname::text || ' ' || t.tgname::text || ' ' || coalesce(obj_description(t.tgfoid, 'pg_proc'), '')
                FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
                WHERE t.tgname LIKE '\(prefix)%' AND NOT t.tgisinternal AND c.relnamespace = current_schema()::regnamespace
                """, columns: 1
            ).compactMap { $0.text(0) }
        }
        let present = Set(installed)
        return functions.filter { function in
            !triggers(function).allSatisfy { present.contains("\(function.table) \($0.name) \(function.version)") }
        }.map(\.table)
    }

    /// What a notification says: the clients whose rows changed, or nil for "look at everything".
    package static func clients(inPayload payload: String) -> Set<Int64>? {
        guard let colon = payload.lastIndex(of: ":") else { return nil }
        let list = payload[payload.index(after: colon)...]
        guard list != "*" else { return nil }
        let ids = list.split(separator: ",").compactMap { Int64($0) }
        return ids.isEmpty ? nil : Set(ids)
    }
}

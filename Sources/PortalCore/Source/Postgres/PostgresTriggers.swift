/// The optional `NOTIFY portalgen` triggers: with them the daemon hears of a commit the moment it happens
/// (`LISTEN`) instead of polling. portalgen never creates them (its role may only read); an admin who owns
/// TimeTracker's tables runs the SQL that `portalgen postgres-triggers` prints.
///
/// The tables are those change detection watches (``OwnedTable/watchedTables(_:_:)``): the one declaration
/// of who owns a row decides which tables notify, so a table added there is covered here too.
public enum PostgresTriggers {
    /// The channel the triggers notify and the daemon listens on.
    public static let channel = "portalgen"
    /// The name of the function and of every trigger.
    public static let name = "portalgen_notify"

    /// The tables of `database` that should notify.
    public static func tables(_ database: PortalDatabase) -> [String] {
        Array(Set(OwnedTable.watchedTables(database.schema, database.dialect))).sorted()
    }

    /// SQL that installs (or, with `drop`, removes) the triggers; idempotent.
    public static func sql(tables: [String], drop: Bool = false) -> String {
        var lines = [
            "-- portalgen: NOTIFY triggers for live updates without polling. Run as the owner of TimeTracker's tables",
            "-- (portalgen's own role only reads and LISTENs). Statement-level, so a bulk update notifies once.",
            "BEGIN;",
        ]
        if drop {
            for table in tables { lines.append("DROP TRIGGER IF EXISTS \(name) ON \(table);") }
            lines.append("DROP FUNCTION IF EXISTS \(name)();")
        } else {
            lines += [
                "CREATE OR REPLACE FUNCTION \(name)() RETURNS trigger LANGUAGE plpgsql AS $$",
                "BEGIN",
                "  PERFORM pg_notify('\(channel)', TG_TABLE_NAME);",
                "  RETURN NULL;",
                "END",
                "$$;",
            ]
            for table in tables {
                lines.append("DROP TRIGGER IF EXISTS \(name) ON \(table);")
                lines.append("CREATE TRIGGER \(name) AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON \(table) FOR EACH STATEMENT EXECUTE FUNCTION \(name)();")
            }
        }
        lines.append("COMMIT;")
        return lines.joined(separator: "\n") + "\n"
    }

    /// The watched tables that have no trigger yet (all of them on SQLite, which has no `NOTIFY`).
    public static func missing(_ database: PortalDatabase) throws -> [String] {
        let wanted = tables(database)
        guard database.dialect == .postgres else { return wanted }
        let present = try database.read { snapshot in
            try snapshot.rows(
                """
                SELECT c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
                WHERE t.tgname = '\(name)' AND NOT t.tgisinternal AND c.relnamespace = 'public'::regnamespace
                """, columns: 1
            ).compactMap { $0.text(0) }
        }
        return wanted.filter { !present.contains($0) }
    }
}

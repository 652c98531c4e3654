import Foundation
import GRDB
import PortalCore
import PortalPostgres
import PostgresNIO

/// Copies a demo database written by ``DemoGenerator`` (SQLite) into a PostgreSQL database that has
/// TimeTracker's schema (its Alembic migrations, or `schema-postgres.sql` applied with psql), so the same
/// demo can be built from either backend. This is the only place portalgen writes to PostgreSQL, and only
/// for `portalgen demo --database postgresql://…`.
package enum PostgresDemoLoader {
    /// Tables whose rows mean "this database is in use".
    static let inUse = ["clients", "projects", "time_entries", "invoices", "users"]

    /// Copies every table of the SQLite file `path` into `location`. Refuses a database that holds data
    /// unless `replace`, which first empties every table of its schema but `alembic_version`.
    package static func load(sqlite path: String, into location: PostgresLocation, replace: Bool) throws {
        let connection = try PostgresSourceConnection.connect(location, readOnly: false)
        defer { try? connection.close().wait() }
        func run(_ sql: String, _ binds: [SourceValue] = []) throws -> [[SourceValue]] {
            try PostgresSourceConnection.rows(connection, sql, binds, location: location)
        }
        var types: [String: [String: String]] = [:]
        for row in try run(
            """
            SELECT c.relname::text, a.attname::text, format_type(a.atttypid, a.atttypmod)
            FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace JOIN pg_attribute a ON a.attrelid = c.oid
            WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped
            """)
        {
            if let table = row[0].text, let column = row[1].text, let type = row[2].text { types[table, default: [:]][column] = type }
        }
        guard inUse.allSatisfy({ types[$0] != nil }) else {
            throw DemoError(
                message:
                    "\(location) has no TimeTracker schema; create it first (TimeTracker's migrations, or psql -f schema-postgres.sql), then run portalgen demo again"
            )
        }
        var used: [String] = []
        for table in inUse where (try run("SELECT count(*) FROM \(table)").first?.first?.wholeNumber ?? 0) > 0 { used.append(table) }
        if !used.isEmpty {
            guard replace else {
                throw DemoError(
                    message: "\(location) already holds data (\(used.joined(separator: ", "))); portalgen demo only fills an empty TimeTracker database. "
                        + "Pass --replace to delete every row in it first — never on a real TimeTracker database")
            }
        }
        let source = try DatabaseQueue(path: path)
        let order = try tableOrder(DemoGenerator.schemaSQL())
        _ = try run("BEGIN")
        do {
            if replace {
                let all = types.keys.filter { $0 != "alembic_version" }.sorted().map { "\"\($0)\"" }.joined(separator: ", ")
                _ = try run("TRUNCATE \(all) RESTART IDENTITY CASCADE")
            }
            for table in order {
                guard let columnTypes = types[table] else { continue }
                try source.read { db in try copy(table, from: db, columnTypes: columnTypes, run: run) }
                if columnTypes["id"] != nil {
                    _ = try run(
                        "SELECT setval(pg_get_serial_sequence('\(table)', 'id'), max(id)) FROM \(table) HAVING max(id) IS NOT NULL AND pg_get_serial_sequence('\(table)', 'id') IS NOT NULL"
                    )
                }
            }
            _ = try run("COMMIT")
        } catch {
            _ = try? run("ROLLBACK")
            throw error
        }
    }

    /// The tables of `schema` (CREATE TABLE statements), each after the tables its foreign keys reference, so
    /// rows can be copied with every constraint checked; tables in a reference cycle keep the schema's order.
    static func tableOrder(_ schema: String) -> [String] {
        var tables: [(name: String, references: Set<String>)] = []
        for statement in schema.components(separatedBy: ";\n") {
            let text = statement.trimmingCharacters(in: .whitespacesAndNewlines)
            guard text.hasPrefix("CREATE TABLE "),
                let name = text.dropFirst("CREATE TABLE ".count).split(whereSeparator: { $0 == " " || $0 == "(" }).first.map(String.init)
            else { continue }
            var references = Set<String>()
            var rest = Substring(text)
            while let found = rest.range(of: "REFERENCES ") {
                rest = rest[found.upperBound...]
                if let target = rest.split(whereSeparator: { $0 == " " || $0 == "(" }).first, target != name { references.insert(String(target)) }
            }
            tables.append((name, references))
        }
        var placed = Set<String>()
        var order: [String] = []
        var pending = tables
        while !pending.isEmpty {
            let ready = pending.filter { $0.references.isSubset(of: placed) }
            let next = ready.isEmpty ? [pending[0]] : ready
            for table in next {
                order.append(table.name)
                placed.insert(table.name)
            }
            pending.removeAll { placed.contains($0.name) }
        }
        return order
    }

    /// Copies one table in batches of multi-row INSERTs, every value sent as text and cast to the column's type.
    static func copy(_ table: String, from db: Database, columnTypes: [String: String], run: (String, [SourceValue]) throws -> [[SourceValue]]) throws {
        guard try db.tableExists(table) else { return }
        let columns = try db.columns(in: table).map(\.name).filter { columnTypes[$0] != nil }
        guard !columns.isEmpty else { return }
        let casts = columns.map { columnTypes[$0]! }
        let quotedColumns = columns.map { (name: String) -> String in "\"" + name + "\"" }.joined(separator: ",")
        let perBatch = max(1, 30_000 / columns.count)
        var batch: [[SourceValue]] = []
        func flush() throws {
            guard !batch.isEmpty else { return }
            var tuples: [String] = []
            var parameter = 0
            for _ in batch {
                var placeholders: [String] = []
                for cast in casts {
                    parameter += 1
                    placeholders.append("$" + String(parameter) + "::" + cast)
                }
                tuples.append("(" + placeholders.joined(separator: ",") + ")")
            }
            let sql = "INSERT INTO " + table + " (" + quotedColumns + ") VALUES " + tuples.joined(separator: ",")
            do {
                _ = try run(sql, batch.flatMap { $0 })
            } catch {
                throw DemoError(
                    message: "PostgreSQL refused a row of \(table): \(error). The hostile demo holds values only SQLite stores; write it to a SQLite file")
            }
            batch.removeAll(keepingCapacity: true)
        }
        let cursor = try Row.fetchCursor(db, sql: "SELECT \(quotedColumns) FROM \(table) ORDER BY rowid")
        while let row = try cursor.next() {
            batch.append(
                (0..<columns.count).map { index in
                    switch (row[index] as DatabaseValue).storage {
                    case .null: .null
                    case .int64(let value): .text(String(value))
                    case .double(let value): .text(String(value))
                    case .string(let text): .text(text)
                    case .blob(let data): .text("\\x" + data.map { String(format: "%02x", $0) }.joined())
                    }
                })
            if batch.count >= perBatch { try flush() }
        }
        try flush()
    }
}

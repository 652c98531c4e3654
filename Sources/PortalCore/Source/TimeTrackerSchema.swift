/// The tables and columns portalgen reads, checked against the database at start.
///
/// TimeTracker versions differ slightly. Required columns must exist (the error names every missing one);
/// optional columns and tables are read when present and treated as NULL or empty otherwise.
package struct TimeTrackerSchema: Sendable {
    /// Columns that must exist, per table.
    static let required: [String: [String]] = [
        "clients": ["id", "name", "status"],
        "projects": ["id", "name", "client_id", "status"],
        "time_entries": ["id", "user_id", "project_id", "start_time", "end_time", "duration_seconds"],
        "invoices": [
            "id", "invoice_number", "client_id", "issue_date", "due_date", "status", "payment_status", "subtotal", "tax_rate",
            "tax_amount", "total_amount", "currency_code",
        ],
        "invoice_items": ["id", "invoice_id", "description", "quantity", "unit_price", "total_amount"],
        "settings": ["id"],
        "users": ["id", "username"],
    ]

    /// Tables whose absence only empties a section.
    static let optionalTables: Set<String> = [
        "tasks", "payments", "credit_notes", "extra_goods", "expenses", "comments", "activities", "contacts",
        "client_portal_customizations", "client_portal_dashboard_preferences", "payment_gateways", "invoice_peppol_transmissions",
        "quotes", "quote_items", "client_time_approvals", "client_notifications", "issues", "client_attachments", "project_attachments",
        "rate_overrides", "recurring_invoices",
    ]

    /// Every table → the columns present in this database.
    package let columns: [String: Set<String>]

    /// Every table portalgen may read.
    package static var tables: [String] { (Set(required.keys).union(optionalTables)).sorted() }

    /// Checks the columns a backend found (table → its columns, for the tables of ``tables`` that exist).
    package static func check(tables columns: [String: Set<String>]) throws -> TimeTrackerSchema {
        var missing: [String] = []
        for (table, needed) in required.sorted(by: { $0.key < $1.key }) {
            guard let present = columns[table] else {
                missing.append("table \(table)")
                continue
            }
            missing += needed.filter { !present.contains($0) }.map { "\(table).\($0)" }
        }
        if !missing.isEmpty { throw SchemaError(missing: missing) }
        return TimeTrackerSchema(columns: columns)
    }

    package func has(_ table: String) -> Bool { columns[table] != nil }
    package func has(_ table: String, _ column: String) -> Bool { columns[table]?.contains(column) ?? false }

    /// A select list for `table` in which absent columns read as NULL, so record decoders see a fixed shape.
    func select(_ table: String, _ wanted: [String], alias: String? = nil) -> String {
        let prefix = alias.map { "\($0)." } ?? ""
        return wanted.map { has(table, $0) ? "\(prefix)\($0)" : "NULL AS \"\($0)\"" }.joined(separator: ", ")
    }
}

/// The database lacks columns portalgen needs.
package struct SchemaError: Error, CustomStringConvertible, Sendable {
    package var missing: [String]
    package var description: String {
        "the database is not a TimeTracker database portalgen can read: missing \(missing.joined(separator: ", ")). "
            + "Check that \"database\" in config.json names TimeTracker's SQLite file or PostgreSQL database and that TimeTracker's migrations have run."
    }
}

/// A table whose rows change some client's pages, and how a row `x` reaches its client: the one description
/// of ownership that change detection uses (``ClientFingerprint`` aggregates per client, ``NewRows`` finds
/// the owners of new rows). `time_entries` is described by ``TimeEntryAggregate``.
struct OwnedTable {
    /// Table name; also the key of ``RowMark/newest``.
    let table: String
    /// Short tag that keeps the tables' aggregates apart in a digest.
    let tag: String
    /// The owning client's id, an expression over `x` and the joined tables.
    let client: String
    /// `FROM` clause with `x` as the table, for reading every client.
    let from: String
    /// `FROM` clause for reading a few clients, when starting from the client is faster than from `x`.
    let fromClient: String?
    /// What moves when rows are added, removed or edited (SQL aggregate expressions, concatenated).
    let aggregate: String

    /// The tables present in `schema`, with aggregates over the columns it has.
    static func all(_ schema: TimeTrackerSchema) -> [OwnedTable] {
        func col(_ table: String, _ column: String, _ expression: String) -> String { schema.has(table, column) ? expression : "0" }
        let viaInvoice = { (table: String, amount: String) in
            OwnedTable(
                table: table, tag: String(table.prefix(2)), client: "v.client_id", from: "\(table) x JOIN invoices v ON v.id = x.invoice_id", fromClient: nil,
                aggregate: "count(*) || '|' || total(x.id) || '|' || total(x.\(amount))")
        }
        let tables = [
            OwnedTable(
                table: "clients", tag: "", client: "x.id", from: "clients x", fromClient: nil,
                aggregate: "quote(x.name) || quote(x.status) || \(col("clients", "updated_at", "quote(x.updated_at)")) || \(col("clients", "portal_enabled", "quote(x.portal_enabled)"))"),
            OwnedTable(
                table: "projects", tag: "p", client: "x.client_id", from: "projects x", fromClient: nil,
                aggregate: "count(*) || '|' || total(x.id) || '|' || \(col("projects", "updated_at", "ifnull(max(x.updated_at),'')")) || '|' || total(x.status = 'active')"),
            OwnedTable(
                table: "invoices", tag: "i", client: "x.client_id", from: "invoices x", fromClient: nil,
                aggregate:
                    "count(*) || '|' || total(x.id) || '|' || total(x.total_amount) || '|' || \(col("invoices", "amount_paid", "total(x.amount_paid)")) || '|' || \(col("invoices", "updated_at", "ifnull(max(x.updated_at),'')")) || group_concat(x.status || x.payment_status, '')"
            ),
            OwnedTable(
                table: "invoice_items", tag: "l", client: "v.client_id", from: "invoice_items x JOIN invoices v ON v.id = x.invoice_id", fromClient: nil,
                aggregate: "count(*) || '|' || total(x.id) || '|' || total(x.total_amount)"),
            viaInvoice("payments", "amount"), viaInvoice("credit_notes", "amount"), viaInvoice("extra_goods", "total_amount"), viaInvoice("expenses", "amount"),
            OwnedTable(
                table: "comments", tag: "c", client: "p.client_id", from: "comments x JOIN projects p ON p.id = x.project_id", fromClient: nil,
                aggregate: "count(*) || '|' || total(x.id) || '|' || ifnull(max(x.updated_at),'') || '|' || total(x.is_internal)"),
            OwnedTable(
                table: "activities", tag: "a", client: "p.client_id", from: "activities x JOIN projects p ON x.entity_type = 'project' AND p.id = x.entity_id",
                fromClient: nil, aggregate: "count(*) || '|' || total(x.id)"),
            // Activities about time entries: every client from the activities (far fewer than entries), a few
            // clients from their projects' entries.
            OwnedTable(
                table: "activities", tag: "at", client: "p.client_id",
                from: "activities x JOIN time_entries t ON x.entity_type = 'time_entry' AND t.id = x.entity_id JOIN projects p ON p.id = t.project_id",
                fromClient: "projects p CROSS JOIN time_entries t ON t.project_id = p.id CROSS JOIN activities x ON x.entity_type = 'time_entry' AND x.entity_id = t.id",
                aggregate: "count(*) || '|' || total(x.id)"),
            OwnedTable(
                table: "tasks", tag: "k", client: "p.client_id", from: "tasks x JOIN projects p ON p.id = x.project_id", fromClient: nil,
                aggregate: "count(*) || '|' || total(x.id) || '|' || group_concat(x.status, '')"),
            OwnedTable(
                table: "client_portal_customizations", tag: "b", client: "x.client_id", from: "client_portal_customizations x", fromClient: nil,
                aggregate: "group_concat(ifnull(x.updated_at,'') || '|' || x.id, '')"),
            OwnedTable(
                table: "client_portal_dashboard_preferences", tag: "d", client: "x.client_id",
                from: "client_portal_dashboard_preferences x", fromClient: nil,
                aggregate: "group_concat(CASE WHEN x.user_id IS NULL THEN ifnull(x.updated_at,'') || quote(x.widget_ids) || quote(x.widget_order) END, '')"),
        ]
        return tables.filter { schema.has($0.table) }
    }
}

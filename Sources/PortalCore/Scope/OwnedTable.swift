/// A table whose rows change some client's pages, how a row `x` reaches its client and which of its rows the
/// client may see: the one description of ownership. ``ClientScope`` reads a client's rows through it
/// (``scope(_:_:_:)``), ``ClientFingerprint`` aggregates per client with it, ``NewRows`` finds the owners of
/// new rows and ``PostgresTriggers`` those of changed ones. How a row reaches its client is an ``OwnerPath``
/// (the joins are spelled there once); `time_entries`, aggregated by ``TimeEntryAggregate``, is owned along
/// ``OwnerPath/timeEntry``.
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
    /// Which rows the client sees, over `x` and the joined tables (nil: every row it owns). Change detection
    /// watches every owned row: a draft that is sent, or a comment made public, must move its client's digest.
    var visible: String? = nil

    /// `table`, owned along `owner`: its client expression and `FROM` clause come from the path.
    init(
        table: String, tag: String, owner: OwnerPath, schema: TimeTrackerSchema, fromClient: String? = nil, aggregate: String, visible: String? = nil
    ) {
        self.table = table
        self.tag = tag
        client = owner.client(schema)
        from = owner.from(table)
        self.fromClient = fromClient
        self.aggregate = aggregate
        self.visible = visible
    }

    /// Table → `FROM … WHERE …` of the rows client `:c` sees, with `x` as the table: the reads of
    /// ``ClientScope``, for the tables of `schema` (the activity feed, owned two ways, is left out).
    static func scopes(_ schema: TimeTrackerSchema, _ dialect: SQLDialect) -> [String: String] {
        var scopes: [String: String] = [:]
        for owned in all(schema, dialect) where owned.table != "activities" {
            scopes[owned.table] = "FROM \(owned.from) WHERE \(owned.client) = :c" + (owned.visible.map { " AND \($0)" } ?? "")
        }
        return scopes
    }

    /// The tables present in `schema`, with aggregates over the columns it has, in `dialect`'s SQL.
    static func all(_ schema: TimeTrackerSchema, _ dialect: SQLDialect) -> [OwnedTable] {
        let d = dialect
        func col(_ table: String, _ column: String, _ expression: String) -> String { schema.has(table, column) ? expression : "'0'" }
        func latest(_ column: String) -> String { d.text(orEmpty: "max(\(column))") }
        let countAndIDs = "count(*) || '|' || \(d.total("x.id"))"
        /// What an edit of a column the pages show moves: the latest `updated_at` where TimeTracker stamps edits,
        /// else the shown columns themselves (OwnershipTests edits each shown column of each table and checks this).
        func edits(_ table: String, shown: [String]) -> String {
            if schema.has(table, "updated_at") { return latest("x.updated_at") }
            let present = shown.filter { $0 != "id" && schema.has(table, $0) }.map { "x.\($0)" }
            return present.isEmpty ? "''" : d.rowDigest(present, id: "x.id")
        }
        // Client and project documents: what a client sees of them is the same rule, and so is what moves their page.
        let attachmentVisible = "x.is_visible_to_client IS TRUE"
        let attachmentAggregate = { (table: String) in
            "\(countAndIDs) || '|' || \(d.total("x.file_size")) || '|' || \(d.total(d.count(when: attachmentVisible))) || '|' || \(edits(table, shown: DocumentRecord.columns))"
        }
        /// Drafts are private (PORTAL_SPEC "Decisions"): neither they nor their lines are shown.
        let notDraft = InvoiceRecord.isVisible("v")
        let quoteVisible = QuoteRecord.isVisible("q")
        let viaInvoice = { (table: String, amount: String, shown: [String]) in
            OwnedTable(
                table: table, tag: String(table.prefix(2)), owner: .invoice, schema: schema,
                aggregate: "\(countAndIDs) || '|' || \(d.total("x.\(amount)")) || '|' || \(edits(table, shown: shown))", visible: notDraft)
        }
        let tables = [
            OwnedTable(
                table: "clients", tag: "", owner: .column("id"), schema: schema,
                aggregate:
                    "\(d.quote("x.name")) || \(d.quote("x.status")) || \(col("clients", "updated_at", d.quote("x.updated_at"))) || \(col("clients", "portal_enabled", d.quote("x.portal_enabled"))) || \(col("clients", "portal_issues_enabled", d.quote("x.portal_issues_enabled")))"
            ),
            OwnedTable(
                table: "projects", tag: "p", owner: .column("client_id"), schema: schema,
                aggregate:
                    "\(countAndIDs) || '|' || \(col("projects", "updated_at", latest("x.updated_at"))) || '|' || \(d.total(d.count(when: "x.status = 'active'")))"
            ),
            OwnedTable(
                table: "invoices", tag: "i", owner: .column("client_id"), schema: schema,
                aggregate:
                    "\(countAndIDs) || '|' || \(d.total("x.total_amount")) || '|' || \(col("invoices", "amount_paid", d.total("x.amount_paid"))) || '|' || \(col("invoices", "updated_at", latest("x.updated_at"))) || \(d.rowDigest(["x.status", "x.payment_status"], id: "x.id"))",
                visible: InvoiceRecord.isVisible("x")
            ),
            OwnedTable(
                table: "invoice_items", tag: "l", owner: .invoice, schema: schema,
                aggregate:
                    "\(countAndIDs) || '|' || \(d.total("x.total_amount")) || '|' || \(edits("invoice_items", shown: InvoiceItemRecord.columns + ["time_entry_ids"]))",
                visible: notDraft),
            OwnedTable(
                table: "invoice_peppol_transmissions", tag: "pp", owner: .invoice, schema: schema,
                aggregate:
                    "\(countAndIDs) || '|' || \(d.total("length(coalesce(x.ubl_xml, ''))")) || \(d.rowDigest(["x.status"], id: "x.id"))",
                visible: "\(notDraft) AND x.ubl_xml IS NOT NULL AND x.status IN ('sent', 'delivered', 'accepted')"),
            viaInvoice("payments", "amount", PaymentRecord.columns), viaInvoice("credit_notes", "amount", CreditNoteRecord.columns),
            viaInvoice("extra_goods", "total_amount", ExtraGoodRecord.columns), viaInvoice("expenses", "amount", ExpenseRecord.columns),
            // Quotes: drafts and quotes not made visible are private (PORTAL_SPEC 2.2 and "Decisions" 2).
            OwnedTable(
                table: "quotes", tag: "q", owner: .column("client_id"), schema: schema,
                aggregate:
                    "\(countAndIDs) || '|' || \(d.total("x.total_amount")) || '|' || \(col("quotes", "updated_at", latest("x.updated_at"))) || '|' || \(d.total(d.count(when: "x.visible_to_client IS TRUE"))) || \(d.rowDigest(["x.status"], id: "x.id"))",
                visible: QuoteRecord.isVisible("x")),
            OwnedTable(
                table: "quote_items", tag: "qi", owner: .quote, schema: schema,
                aggregate: "\(countAndIDs) || '|' || \(d.total("x.total_amount")) || '|' || \(edits("quote_items", shown: QuoteItemRecord.columns))",
                visible: quoteVisible),
            OwnedTable(
                table: "client_time_approvals", tag: "ap", owner: .column("client_id"), schema: schema,
                aggregate:
                    "\(countAndIDs) || '|' || \(latest("x.updated_at")) || \(d.rowDigest(["x.status"], id: "x.id"))"),
            OwnedTable(
                table: "client_notifications", tag: "no", owner: .column("client_id"), schema: schema,
                aggregate:
                    "\(countAndIDs) || '|' || \(d.total(d.count(when: "x.is_read IS TRUE"))) || '|' || \(edits("client_notifications", shown: NotificationRecord.columns))"
            ),
            OwnedTable(
                table: "issues", tag: "is", owner: .column("client_id"), schema: schema,
                aggregate: "\(countAndIDs) || '|' || \(latest("x.updated_at")) || \(d.rowDigest(["x.status", "x.priority"], id: "x.id"))"),
            OwnedTable(
                table: "client_attachments", tag: "ca", owner: .column("client_id"), schema: schema,
                aggregate: attachmentAggregate("client_attachments"), visible: attachmentVisible),
            OwnedTable(
                table: "project_attachments", tag: "pt", owner: .project, schema: schema,
                aggregate: attachmentAggregate("project_attachments"), visible: attachmentVisible),
            OwnedTable(
                table: "comments", tag: "c", owner: .project, schema: schema,
                aggregate: "\(countAndIDs) || '|' || \(latest("x.updated_at")) || '|' || \(d.total(d.count(when: "x.is_internal IS TRUE")))",
                visible: "x.is_internal IS FALSE"),
            OwnedTable(
                table: "activities", tag: "a", owner: .activityOnProject, schema: schema, aggregate: countAndIDs),
            // Activities about time entries: every client from the activities (far fewer than entries), a few
            // clients from their projects' entries. TimeTracker writes activities once (`Activity.log`) and never
            // edits them, so their ids and count say all; a content digest would also depend on the scan order,
            // which differs between the two ways in.
            OwnedTable(
                table: "activities", tag: "at", owner: .activityOnEntry, schema: schema,
                fromClient:
                    "projects p \(d.orderedJoin) time_entries t ON t.project_id = p.id \(d.orderedJoin) activities x ON x.entity_type = 'time_entry' AND x.entity_id = t.id",
                aggregate: countAndIDs),
            // Work not yet invoiced: the rates it is priced at, and the recurring invoices that will bill it.
            OwnedTable(
                table: "rate_overrides", tag: "ro", owner: .project, schema: schema,
                aggregate: "\(countAndIDs) || '|' || \(d.total("x.hourly_rate")) || '|' || \(edits("rate_overrides", shown: []))"),
            OwnedTable(
                table: "recurring_invoices", tag: "ri", owner: .column("client_id"), schema: schema,
                aggregate: "\(countAndIDs) || '|' || \(edits("recurring_invoices", shown: RecurringInvoiceRecord.columns))",
                visible: "x.is_active IS TRUE"),
            OwnedTable(
                table: "tasks", tag: "k", owner: .project, schema: schema,
                aggregate:
                    "\(countAndIDs) || '|' || \(d.rowDigest(["x.status"], id: "x.id")) || '|' || \(edits("tasks", shown: TaskRecord.columns))"
            ),
            // Contacts name the client's own comments.
            OwnedTable(
                table: "contacts", tag: "n", owner: .column("client_id"), schema: schema,
                aggregate:
                    "\(countAndIDs) || '|' || \(col("contacts", "updated_at", latest("x.updated_at"))) || '|' || \(d.total("length(coalesce(x.first_name,'')) + length(coalesce(x.last_name,''))"))"
            ),
            OwnedTable(
                table: "client_portal_customizations", tag: "b", owner: .column("client_id"), schema: schema,
                aggregate: d.rowDigest(["x.updated_at"], id: "x.id")),
            OwnedTable(
                table: "client_portal_dashboard_preferences", tag: "d", owner: .column("client_id"), schema: schema,
                aggregate: d.rowDigest(["x.updated_at", "x.widget_ids", "x.widget_order"], id: "x.id", where: "x.user_id IS NULL"),
                // The client-wide layout; a portal user's own layout is theirs.
                visible: "x.user_id IS NULL"),
        ]
        return tables.filter { schema.has($0.table) }
    }

    /// The activity feed's two owners (an activity about a project, about a time entry), which the readers of
    /// ``ClientScope`` query part by part: `p` is the project the activity is about in both.
    static func activityFeeds(_ schema: TimeTrackerSchema, _ dialect: SQLDialect) -> [OwnedTable] {
        all(schema, dialect).filter { $0.table == "activities" }
    }

    /// How a row `x` of each table a portal shows reaches its client, `time_entries` included: the client
    /// expression and the `FROM` clause (starting `<table> x`). ``NewRows`` finds the owners of new rows with
    /// it, and ``PostgresTriggers`` the owners of changed ones.
    static func owners(_ schema: TimeTrackerSchema, _ dialect: SQLDialect) -> [(table: String, client: String, from: String)] {
        [("time_entries", OwnerPath.timeEntry.client(schema), OwnerPath.timeEntry.from("time_entries"))]
            + all(schema, dialect).map { ($0.table, $0.client, $0.from) }
    }

    /// Every table whose rows a client's pages show, including `time_entries` (``TimeEntryAggregate``):
    /// what ``NewRows`` watches, and what a test holds ``ClientScope`` to.
    static func watchedTables(_ schema: TimeTrackerSchema, _ dialect: SQLDialect) -> [String] {
        ["time_entries"] + all(schema, dialect).map(\.table)
    }
}

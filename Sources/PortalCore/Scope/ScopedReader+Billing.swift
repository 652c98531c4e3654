import Foundation

/// What the client has not been invoiced for yet (``UnbilledWork``), and the recurring invoices TimeTracker will
/// issue it: read only for clients whose pages show them (``ShownDetails/readsBilling``).
extension ScopedReader {
    /// nil when the database cannot say (a TimeTracker without `invoice_items.time_entry_ids`). `entries` are the
    /// client's completed entries already read (``entries()``: active projects and direct ones); only the
    /// billable entries of its other projects are read here.
    func unbilledWork(client: ClientRecord, projects: [ProjectRecord], entries: [TimeEntryRecord]) throws -> UnbilledWork? {
        guard schema.has("invoice_items", "time_entry_ids") else { return nil }
        // Every line of every invoice of the client, drafts and cancelled ones included, that names entries.
        let path = OwnerPath.invoice
        var billed = Set<Int64>()
        var drafted = Set<Int64>()
        for (ids, status) in try fetch(
            "invoice_items",
            "SELECT x.id, x.time_entry_ids, v.status FROM \(path.from("invoice_items")) WHERE \(path.client(schema)) = :c AND x.time_entry_ids IS NOT NULL",
            { (UnbilledWork.ids($0.optionalText("time_entry_ids") ?? ""), $0.optionalText("status")) })
        {
            if status == "draft" { drafted.formUnion(ids) } else { billed.formUnion(ids) }
        }
        let entryColumns = columns("time_entries", TimeEntryRecord.columns, alias: nil)
        var billable = entries.filter(\.billable)
        if projects.contains(where: { !$0.isActive }) {
            let inactive = "SELECT id FROM projects WHERE client_id = :c AND status <> 'active'"
            billable += try fetch(
                "time_entries", "SELECT \(entryColumns) FROM time_entries WHERE project_id IN (\(inactive)) AND end_time IS NOT NULL AND billable IS TRUE",
                { try TimeEntryRecord(&$0) })
        }
        billable.sort { ($0.start, $0.id) < ($1.start, $1.id) }
        var work = UnbilledWork(entries: [], onDrafts: [], rates: [:])
        for entry in billable where !billed.contains(entry.id) {
            if drafted.contains(entry.id) { work.onDrafts.append(entry) } else { work.entries.append(entry) }
        }
        var overrides: [Int64: Decimal] = [:]
        let rows = try records("rate_overrides", ["id", "project_id", "user_id", "hourly_rate"], order: "x.project_id, x.effective_from DESC NULLS LAST, x.id")
        {
            (project: try $0.int("project_id"), user: try $0.optionalInt("user_id"), rate: try $0.money("hourly_rate"))
        }
        for row in rows where row.user == nil && overrides[row.project] == nil { overrides[row.project] = row.rate }
        work.rates = UnbilledWork.rates(projects, overrides: overrides, defaultRate: client.defaultHourlyRate)
        return work
    }

    /// The client's active recurring invoices that TimeTracker will still issue, the next first.
    func recurringInvoices() throws -> [RecurringInvoiceRecord] {
        try records("recurring_invoices", RecurringInvoiceRecord.columns, order: "x.next_run_date, x.id") { try RecurringInvoiceRecord(&$0) }
            .filter(\.isUpcoming)
    }
}

import Foundation

@testable import PortalCore

/// A client's snapshot made in memory, row by row as TimeTracker stores them: each record is decoded from its
/// columns by the reader the database reads use, so page-model suites assert on models without SQLite, a
/// build or HTML. Lives in the test target, whose `@testable` import reaches the readers (PortalTestSupport is a
/// plain module and cannot).
struct SnapshotBuilder {
    var settings: [String: SourceValue] = [
        "timezone": .text("Europe/Rome"), "currency": .text("EUR"), "company_name": .text("Rossi & Partners S.r.l."),
    ]
    var client: [String: SourceValue] = ["id": .int(1), "name": .text("Müller & Söhne GmbH"), "status": .text("active")]
    private var invoices: [[String: SourceValue]] = []
    private var payments: [[String: SourceValue]] = []
    private var creditNotes: [[String: SourceValue]] = []
    private var projects: [[String: SourceValue]] = []
    /// Billable entries no invoice names, and those only drafts name: the client's ``UnbilledWork``.
    private var unbilled: [[String: SourceValue]] = []
    private var onDrafts: [[String: SourceValue]] = []
    /// Project-wide rate overrides (project id → rate).
    var rateOverrides: [Int64: Decimal] = [:]
    /// What the client's pages show.
    var shown = ShownDetails()

    /// Adds an active project billed at `rate`.
    mutating func project(_ id: Int64, name: String, rate: Decimal?) {
        projects.append([
            "id": .int(id), "name": .text(name), "status": .text("active"), "billable": .int(1), "hourly_rate": rate.map { .decimal($0) } ?? .null,
        ])
    }

    /// Adds a completed, billable entry of `seconds` on `project` (nil: booked straight to the client) that no invoice
    /// names, or that only a draft names.
    mutating func unbilledEntry(_ id: Int64, project: Int64?, seconds: Int, onDraft: Bool = false) {
        let values: [String: SourceValue] = [
            "id": .int(id), "user_id": .int(1), "project_id": project.map { .int($0) } ?? .null, "start_time": .text("2026-11-10 09:00:00.000000"),
            "end_time": .text("2026-11-10 17:00:00.000000"), "duration_seconds": .int(Int64(seconds)), "billable": .int(1),
        ]
        if onDraft { onDrafts.append(values) } else { unbilled.append(values) }
    }

    /// Adds an issued invoice of `total` (net + 20 % VAT unless `tax` says otherwise) with `paid` recorded.
    mutating func invoice(
        _ id: Int64, issued: String, due: String, total: Decimal, paid: Decimal = 0, status: String = "sent", currency: String = "EUR"
    ) {
        let paymentStatus = paid == 0 ? "unpaid" : paid < total ? "partially_paid" : paid == total ? "fully_paid" : "overpaid"
        invoices.append([
            "id": .int(id), "invoice_number": .text("INV-\(id)"), "client_name": client["name"]!, "issue_date": .text(issued),
            "due_date": .text(due), "status": .text(status), "payment_status": .text(paymentStatus), "subtotal": .decimal(total),
            "tax_rate": .decimal(0), "tax_amount": .decimal(0), "total_amount": .decimal(total), "currency_code": .text(currency),
            "amount_paid": .decimal(paid),
        ])
        if paid != 0 {
            payments.append([
                "id": .int(id), "invoice_id": .int(id), "amount": .decimal(paid), "currency": .text(currency), "payment_date": .text(issued),
                "status": .text("completed"),
            ])
        }
    }

    /// Adds a credit note of `amount` against invoice `invoice`.
    mutating func creditNote(_ id: Int64, on invoice: Int64, amount: Decimal, reason: String? = nil) {
        creditNotes.append([
            "id": .int(id), "invoice_id": .int(invoice), "credit_number": .text("CN-\(id)"), "amount": .decimal(amount),
            "reason": reason.map { .text($0) } ?? .null, "created_at": .text("2026-11-18 09:00:00"),
        ])
    }

    /// The snapshot, newest invoice first as ``ClientScope`` orders it.
    func snapshot() throws -> ClientSnapshot {
        var settingsRow: RowReader? = RowReader(Self.row(GlobalSettings.columns, settings), table: "settings")
        let settings = GlobalSettings(&settingsRow, hasPaymentGateway: false)
        var clientRow = RowReader(Self.row(ClientRecord.columns, client), table: "clients")
        var invoices = try self.invoices.map { values in
            var reader = RowReader(Self.row(InvoiceRecord.columns, values), table: "invoices")
            return try InvoiceRecord(&reader, fallbackCurrency: settings.currency)
        }
        for values in payments {
            var reader = RowReader(Self.row(PaymentRecord.columns, values), table: "payments")
            let payment = try PaymentRecord(&reader)
            if let index = invoices.firstIndex(where: { $0.id == payment.invoiceID }) { invoices[index].payments.append(payment) }
        }
        for values in creditNotes {
            var reader = RowReader(Self.row(CreditNoteRecord.columns, values), table: "credit_notes")
            let note = try CreditNoteRecord(&reader)
            if let index = invoices.firstIndex(where: { $0.id == note.invoiceID }) { invoices[index].creditNotes.append(note) }
        }
        invoices.sort { ($0.issueDate, $0.id) > ($1.issueDate, $1.id) }
        let client = try ClientRecord(&clientRow)
        let projects = try self.projects.map { values in
            var reader = RowReader(Self.row(ProjectRecord.columns, values), table: "projects")
            return try ProjectRecord(&reader)
        }
        func entries(_ rows: [[String: SourceValue]]) throws -> [TimeEntryRecord] {
            try rows.map { values in
                var reader = RowReader(Self.row(TimeEntryRecord.columns, values), table: "time_entries")
                return try TimeEntryRecord(&reader)
            }
        }
        let work = UnbilledWork(
            entries: try entries(unbilled), onDrafts: try entries(onDrafts),
            rates: UnbilledWork.rates(projects, overrides: rateOverrides, defaultRate: client.defaultHourlyRate))
        return ClientSnapshot(
            client: client, settings: settings, projects: projects, tasks: [], entries: [], invoices: invoices, comments: [],
            activities: [], users: [1: "Anna Bianchi"], contacts: [:], unbilled: work, problems: [])
    }

    /// The page models' view of the snapshot: English, default branding, on `today`.
    func site(today: String = "2026-11-20") throws -> SiteContext {
        let snapshot = try snapshot()
        let branding = Branding(customization: nil, override: nil, trustHTML: false, settings: snapshot.settings, configFolder: nil)
        var site = SiteContext(snapshot: snapshot, branding: branding, today: CalendarDate(iso: today)!, pageSize: 50, timetrackerURL: nil)
        site.shown = shown
        return site
    }

    /// A row of `columns`, as the database gives it: absent columns are NULL.
    private static func row(_ columns: [String], _ values: [String: SourceValue]) -> ValueRow {
        ValueRow(columnNames: columns, values: columns.map { values[$0] ?? .null })
    }
}

import Foundation

/// What every page builder of one client shares: the scoped snapshot, the day, the formats, the lookups.
public struct SiteContext {
    public let snapshot: ClientSnapshot
    public let branding: Branding
    /// The build date in the TimeTracker time zone.
    public let today: CalendarDate
    public let pageSize: Int
    /// TimeTracker's public URL, for actions a static page cannot do.
    public let timetrackerURL: String?
    /// TimeTracker's static folder (holding `uploads/`), where documents are copied from.
    public var uploads: URL? = nil
    /// Documents larger than this are listed but not copied.
    public var documentMaxBytes = 25 * 1_048_576

    /// The seller's bank details, when settings hold them.
    let payment: PaymentInstructions?
    let projectsByID: [Int64: ProjectRecord]
    let tasksByID: [Int64: TaskRecord]

    public init(snapshot: ClientSnapshot, branding: Branding, today: CalendarDate, pageSize: Int, timetrackerURL: String?) {
        self.snapshot = snapshot
        self.branding = branding
        self.today = today
        self.pageSize = pageSize
        self.timetrackerURL = timetrackerURL.map { $0.hasSuffix("/") ? String($0.dropLast()) : $0 }
        payment = PaymentInstructions(snapshot.settings)
        projectsByID = Dictionary(snapshot.projects.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        tasksByID = Dictionary(snapshot.tasks.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
    }

    var format: DisplayFormat { snapshot.settings.format }
    var currency: String { snapshot.settings.currency }

    /// The currency zero totals are shown in: the newest invoice's, else TimeTracker's default.
    var displayCurrency: String { snapshot.invoices.first?.currency ?? currency }

    func projectName(_ id: Int64?) -> String {
        guard let id else { return "(Direct)" }
        return projectsByID[id]?.name ?? "Project #\(id)"
    }

    func userName(_ id: Int64?) -> String {
        guard let id else { return "N/A" }
        return snapshot.users[id] ?? "N/A"
    }

    /// The Quotes section exists when branding shows it and the client has a quote to see (a client that
    /// was never sent one gets no empty tab).
    var showsQuotes: Bool { branding.showQuotes && !snapshot.quotes.isEmpty }

    /// Invoices that count in totals (not cancelled).
    var countedInvoices: [InvoiceRecord] { snapshot.invoices.filter { !$0.isCancelled } }

    /// The entries whose start date lies in the `days` calendar days ending today.
    func entries(lastDays days: Int) -> [TimeEntryRecord] {
        let first = today.adding(days: -(days - 1))
        return snapshot.entries.filter { $0.start.date >= first && $0.start.date <= today }
    }
}

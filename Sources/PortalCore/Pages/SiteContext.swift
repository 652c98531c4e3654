import Foundation

/// What every page builder of one client shares: the scoped snapshot, the day, the formats, the lookups.
package struct SiteContext {
    package let snapshot: ClientSnapshot
    package let branding: Branding
    /// The build date in the TimeTracker time zone.
    package let today: CalendarDate
    package let pageSize: Int
    /// TimeTracker's public URL, for actions a static page cannot do.
    package let timetrackerURL: String?
    /// Whether pages offer "Sign out" (clients sign in through the daemon: `proxy.mode = "timetracker"`).
    var signOut = false
    /// Whether documents (``PageModel/printName``) get a PDF, which their pages link.
    var printsPDF = false
    /// TimeTracker's static folder (holding `uploads/`), where documents are copied from.
    package var uploads: URL? = nil
    /// Documents larger than this are listed but not copied.
    var documentMaxBytes = 25 * 1_048_576
    /// The details the client's pages show (``ShowSettings``).
    var shown = ShownDetails()

    /// The seller's bank details, when settings hold them.
    let payment: PaymentInstructions?
    let projectsByID: [Int64: ProjectRecord]
    let tasksByID: [Int64: TaskRecord]
    /// The figures of the work not yet invoiced, made once for every page that shows them; nil when not read.
    let unbilled: UnbilledFigures?

    /// The client's language: the sentences portalgen composes.
    package let t: Localizer
    /// The client's dates, times, numbers and money.
    package let format: LocaleFormat

    package init(
        snapshot: ClientSnapshot, branding: Branding, today: CalendarDate, pageSize: Int, timetrackerURL: String?, localizer: Localizer = .english
    ) {
        self.snapshot = snapshot
        t = localizer
        format = LocaleFormat.shared(settings: snapshot.settings.format, locale: localizer.locale)
        self.branding = branding
        self.today = today
        self.pageSize = pageSize
        self.timetrackerURL = timetrackerURL.map { $0.hasSuffix("/") ? String($0.dropLast()) : $0 }
        payment = PaymentInstructions(snapshot.settings)
        projectsByID = Dictionary(snapshot.projects.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        tasksByID = Dictionary(snapshot.tasks.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        unbilled = snapshot.unbilled.map { UnbilledFigures($0, projects: snapshot.projects) }
    }

    /// `count` and the plural form of a message for it (`{{count}}` filled with the locale's digits).
    func t(_ one: String, _ other: String, count: Int, _ values: [String: String] = [:]) -> String {
        t.plural(one, other, count: count, formattedCount: format.count(count), values)
    }

    func money(_ amount: Decimal, _ currency: String) -> String { format.money(Money(amount, currency)) }
    var currency: String { snapshot.settings.currency }

    /// The currency zero totals are shown in: the newest invoice's, else TimeTracker's default.
    var displayCurrency: String { snapshot.invoices.first?.currency ?? currency }

    /// The currency of hourly rates and budgets: the one the client is invoiced in (TimeTracker stores rates
    /// as bare numbers and invoices them in the invoice's currency), else TimeTracker's default.
    var projectCurrency: String { displayCurrency }

    /// Says which currency rates and budgets are in when it is not TimeTracker's default (else `false`,
    /// for the template's section).
    var currencyNote: Any {
        projectCurrency == currency ? false : t("Rates and budgets are in {{currency}}, the currency you are invoiced in.", ["currency": projectCurrency])
    }

    func projectName(_ id: Int64?) -> String {
        guard let id else { return t("(Direct)") }
        return projectsByID[id]?.name ?? t("Project #{{id}}", ["id": String(id)])
    }

    func userName(_ id: Int64?) -> String {
        guard let id else { return "N/A" }
        return snapshot.users[id] ?? "N/A"
    }

    /// Who on the consultancy's side did something: the person's name, or where the client's pages hide staff
    /// names (``ShownDetails/staffNames``) the company's name, else "Our team".
    func staffName(_ id: Int64?) -> String {
        shown.staffNames ? userName(id) : teamName
    }

    /// The consultancy as one: its name where TimeTracker's settings have it, else "Our team".
    var teamName: String { branding.companyName ?? t("Our team") }

    /// Whether the client has the section (``PageKind/isShown(in:)``): pages link to a section only then.
    func shows(_ kind: PageKind) -> Bool { kind.isShown(in: self) }

    /// Invoices that count in totals (not cancelled).
    var countedInvoices: [InvoiceRecord] { snapshot.invoices.filter { !$0.isCancelled } }

    /// The entries whose start date lies in the `days` calendar days ending today.
    func entries(lastDays days: Int) -> [TimeEntryRecord] {
        let first = today.adding(days: -(days - 1))
        return snapshot.entries.filter { $0.start.date >= first && $0.start.date <= today }
    }
}

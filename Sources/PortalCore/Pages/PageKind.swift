/// The sections of a client's portal, in navigation order: the one place that says what each is called, where
/// it starts, when a client has it (branding toggles and data included), and which page models build it. A new
/// section is one case here, one page file, one template and its catalog lines.
enum PageKind: String, CaseIterable, Sendable {
    case dashboard, projects, invoices, quotes, approvals
    case timeEntries = "time-entries"
    case unbilled
    case statement, payments, reports, activity, documents, issues, notifications
    /// The search page and the index the list filters read; reached from the search box, not the navigation.
    case search

    /// Navigation: each section's English label (translated through the site's catalog) and its first page.
    static let navigation: [(kind: PageKind, label: String, href: String)] = [
        (.dashboard, "Dashboard", "index.html"), (.projects, "Projects", "projects/index.html"),
        (.invoices, "Invoices", "invoices/index.html"), (.quotes, "Quotes", "quotes/index.html"),
        (.approvals, "Approvals", "approvals/index.html"), (.timeEntries, "Time entries", "time-entries/index.html"),
        (.unbilled, "Not yet invoiced", "unbilled/index.html"),
        (.statement, "Statement", "statement/index.html"), (.payments, "Payments", "payments/index.html"),
        (.reports, "Reports", "reports/index.html"), (.activity, "Activity", "activity/index.html"),
        (.documents, "Documents", "documents/index.html"), (.issues, "Issues", "issues/index.html"),
        (.notifications, "Notifications", "notifications/index.html"),
    ]

    /// The theme templates the section's pages are rendered with (every theme must have them, or inherit them).
    var templates: [String] {
        switch self {
        case .projects: ["projects", "project"]
        case .invoices: ["invoices", "invoice", "credit-note"]
        case .quotes: ["quotes", "quote"]
        case .approvals: ["approvals", "approval"]
        case .issues: ["issues", "issue"]
        default: [rawValue]
        }
    }

    /// Whether `site`'s client has this section: the branding toggles (`showProjects`, `showInvoices` for
    /// invoices, statement, payments and work not yet invoiced, `showTimeEntries`, `showQuotes`), the `show`
    /// settings, and, for sections that would only ever be empty, whether the client has any such row. Pages link to a section only when it is shown.
    func isShown(in site: SiteContext) -> Bool {
        let branding = site.branding
        let snapshot = site.snapshot
        switch self {
        case .dashboard, .reports, .activity, .search: return true
        case .projects: return branding.showProjects
        case .invoices, .statement, .payments: return branding.showInvoices
        case .timeEntries: return branding.showTimeEntries
        // Opt-in (`show.unbilled`), money like the invoices, and only where the database can say.
        case .unbilled: return site.shown.unbilled && branding.showInvoices && snapshot.unbilled != nil
        // A client that was never sent a quote gets no empty tab.
        case .quotes: return branding.showQuotes && !snapshot.quotes.isEmpty
        case .approvals: return !snapshot.approvals.isEmpty
        case .documents: return !snapshot.documents.isEmpty
        case .issues: return snapshot.client.portalIssuesEnabled
        case .notifications: return !snapshot.notifications.isEmpty
        }
    }

    /// The section's pages and files. `linking` holds the paths of every other section's pages (notifications
    /// link only to pages that exist).
    func build(_ site: SiteContext, linking: Set<String>) -> SitePart {
        switch self {
        case .dashboard: return SitePart(pages: [DashboardPage.build(site)])
        case .projects: return SitePart(pages: [ProjectsPage.build(site)] + site.snapshot.activeProjects.map { ProjectDetailPage.build(site, $0) })
        case .invoices:
            var part = SitePart(pages: InvoiceListPage.build(site))
            for invoice in site.snapshot.invoices {
                let documents = InvoiceEDocuments(invoice, settings: site.snapshot.settings)
                let detail = InvoiceDetailPage.build(site, invoice, documents: documents)
                part.pages.append(detail.page)
                let written = Set(detail.files.map(\.path))
                part.pages += invoice.creditNotes.map {
                    CreditNotePage.build(site, invoice, $0, written: written, document: documents.creditNotes[$0.id])
                }
                part.files += detail.files
            }
            return part
        case .statement:
            let statement = StatementPage.build(site)
            return SitePart(pages: statement.pages, files: statement.files)
        case .payments: return SitePart(pages: PaymentsPage.build(site))
        case .quotes: return SitePart(pages: QuoteListPage.build(site) + site.snapshot.quotes.map { QuoteDetailPage.build(site, $0) })
        case .approvals: return SitePart(pages: ApprovalListPage.build(site) + site.snapshot.approvals.map { ApprovalDetailPage.build(site, $0) })
        case .issues: return SitePart(pages: IssueListPage.build(site) + site.snapshot.issues.map { IssueDetailPage.build(site, $0) })
        case .timeEntries:
            let entries = TimeEntriesPage.build(site)
            return SitePart(pages: entries.pages, files: entries.files)
        case .unbilled: return UnbilledPage.build(site)
        case .reports:
            let reports = ReportsPage.build(site)
            return SitePart(pages: reports.pages, files: reports.files)
        case .documents:
            let documents = DocumentsPage.build(site)
            return SitePart(pages: documents.pages, files: documents.files, warnings: documents.warnings)
        case .activity: return SitePart(pages: ActivityPage.build(site))
        case .notifications: return SitePart(pages: NotificationsPage.build(site, linking: linking))
        case .search: return SearchPage.build(site)
        }
    }

    /// Sections whose pages link into the others', so they are built last.
    var linksToOthers: Bool { self == .notifications }
}

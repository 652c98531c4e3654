/// Page models for one client: every page and file of the site, honouring the branding toggles.
enum SiteBuilder {
    /// Every page and file, and what could not be included (documents whose files are missing).
    static func pages(_ site: SiteContext) -> (pages: [PageOutput], files: [RenderedFile], warnings: [String]) {
        var pages = [DashboardPage.build(site)]
        var files: [RenderedFile] = []
        var warnings: [String] = []
        if site.branding.showProjects {
            pages.append(ProjectsPage.build(site))
            pages += site.snapshot.activeProjects.map { ProjectDetailPage.build(site, $0) }
        }
        if site.branding.showInvoices {
            pages += InvoiceListPage.build(site)
            for invoice in site.snapshot.invoices {
                let detail = InvoiceDetailPage.build(site, invoice)
                pages.append(detail.page)
                files += detail.files
            }
            let statement = StatementPage.build(site)
            pages += statement.pages
            files += statement.files
            pages += PaymentsPage.build(site)
        }
        if site.showsQuotes {
            pages += QuoteListPage.build(site)
            pages += site.snapshot.quotes.map { QuoteDetailPage.build(site, $0) }
        }
        if !site.snapshot.approvals.isEmpty {
            pages += ApprovalListPage.build(site)
            pages += site.snapshot.approvals.map { ApprovalDetailPage.build(site, $0) }
        }
        if site.snapshot.client.portalIssuesEnabled {
            pages += IssueListPage.build(site)
            pages += site.snapshot.issues.map { IssueDetailPage.build(site, $0) }
        }
        if site.branding.showTimeEntries {
            let entries = TimeEntriesPage.build(site)
            pages += entries.pages
            files += entries.files
        }
        let reports = ReportsPage.build(site)
        pages += reports.pages
        files += reports.files
        if !site.snapshot.documents.isEmpty {
            let documents = DocumentsPage.build(site)
            pages += documents.pages
            files += documents.files
            warnings += documents.warnings
        }
        pages += ActivityPage.build(site)
        if !site.snapshot.notifications.isEmpty { pages += NotificationsPage.build(site, linking: Set(pages.map(\.path))) }
        return (pages, files, warnings)
    }
}

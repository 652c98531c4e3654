/// The dashboard (`index.html`): stats, pending actions, projects, recent invoices and recent time entries,
/// in the client's widget order when a client-wide layout exists.
struct DashboardPage {
    static let defaultWidgets = ["stats", "pending_actions", "projects", "invoices", "time_entries"]

    /// PORTAL_SPEC.md 4.1: the stored layout, else the default; ids unknown to the portal are ignored.
    static func widgets(for layout: DashboardLayout?) -> [String] {
        guard let layout, !layout.widgetIDs.isEmpty else { return defaultWidgets }
        var order = layout.widgetOrder ?? layout.widgetIDs
        if order.isEmpty { order = defaultWidgets }
        let shown = Set(layout.widgetIDs)
        var seen = Set<String>()
        return order.filter { shown.contains($0) && defaultWidgets.contains($0) && seen.insert($0).inserted }
    }

    static func build(_ site: SiteContext) -> PageOutput {
        let snapshot = site.snapshot
        let branding = site.branding
        let figures = InvoiceFigures(snapshot.invoices, today: site.today)
        let active = snapshot.activeProjects
        let totalHours = snapshot.entries.reduce(Hours.zero) { $0 + $1.hours }
        var widgets: [[String: Any]] = []
        for id in Self.widgets(for: snapshot.dashboardWidgets) {
            switch id {
            case "stats":
                var cards: [[String: Any]] = []
                if branding.showProjects { cards.append(["label": "Active Projects", "value": String(active.count), "caption": "Total active"]) }
                if branding.showTimeEntries { cards.append(["label": "Total Hours", "value": totalHours.oneDecimal, "caption": "Hours tracked"]) }
                if branding.showInvoices {
                    cards.append(["label": "Total Invoices", "value": String(site.countedInvoices.count), "caption": "All invoices"])
                    cards.append(["label": "Outstanding", "amounts": Presentation.money(figures.outstanding.amountsOrZero(site.displayCurrency)), "caption": "Amount due"])
                }
                if !cards.isEmpty { widgets.append(["stats": ["cards": cards]]) }
            case "pending_actions":
                guard branding.showInvoices, figures.overdueCount > 0 || figures.unpaidCount > 0 else { continue }
                var actions: [[String: Any]] = []
                if figures.overdueCount > 0 {
                    actions.append(["count": figures.overdueCount, "label": figures.overdueCount == 1 ? "Overdue invoice" : "Overdue invoices", "href": "invoices/overdue.html", "link": "Review now", "tone": "danger"])
                }
                if figures.unpaidCount > 0 {
                    actions.append(["count": figures.unpaidCount, "label": figures.unpaidCount == 1 ? "Unpaid invoice" : "Unpaid invoices", "href": "invoices/unpaid.html", "link": "View all", "tone": "warning"])
                }
                var pending: [String: Any] = ["actions": actions]
                // Overdue money: say how to pay it, here as on each invoice.
                if figures.overdueCount > 0, let payment = site.payment {
                    var pay = payment.bankContext
                    pay["overdue"] = Presentation.money(figures.overdue.amounts)
                    pending["payment"] = pay
                }
                widgets.append(["pending": pending])
            case "projects":
                guard branding.showProjects else { continue }
                let projects: [[String: Any]] = active.prefix(5).map { project in
                    var row: [String: Any] = ["name": Presentation.text(project.name) ?? "", "status": Presentation.titleCase(project.status)]
                    if let description = Presentation.text(project.description) { row["description"] = description }
                    return row
                }
                widgets.append(["projects": ["items": projects, "empty": projects.isEmpty]])
            case "invoices":
                guard branding.showInvoices else { continue }
                let invoices: [[String: Any]] = snapshot.invoices.prefix(5).map { invoice in
                    [
                        "number": Presentation.text(invoice.number) ?? "", "href": "invoices/\(invoice.id).html",
                        "badge": Presentation.paymentBadge(invoice, today: site.today), "issued": site.format.date(invoice.issueDate),
                        "amount": Money(invoice.total, invoice.currency).formatted,
                    ]
                }
                widgets.append(["invoices": ["items": invoices, "empty": invoices.isEmpty]])
            case "time_entries":
                guard branding.showTimeEntries else { continue }
                let recent = site.entries(lastDays: 30).prefix(10).map { site.entryRow($0).context }
                widgets.append(["entries": ["rows": Array(recent), "empty": recent.isEmpty]])
            default:
                continue
            }
        }
        let isEmpty = active.isEmpty && snapshot.invoices.isEmpty && snapshot.entries.isEmpty
        var context: [String: Any] = ["widgets": widgets, "emptyPortal": isEmpty]
        context["welcome"] = Presentation.text(branding.welcomeMessage) ?? "Welcome, \(Presentation.text(snapshot.client.name) ?? "")"
        return PageOutput(path: "index.html", template: "dashboard", title: "Dashboard", section: "dashboard", context: context)
    }
}

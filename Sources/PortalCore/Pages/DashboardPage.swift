/// The dashboard (`index.html`): stats, pending actions, projects, recent invoices and recent time entries,
/// in the client's widget order when a client-wide layout exists.
struct DashboardPage {
    /// TimeTracker's widget ids; by default "Waiting for you" (`pending_actions`) comes first, a stored
    /// layout keeps its own order.
    static let defaultWidgets = ["pending_actions", "stats", "projects", "invoices", "time_entries"]
    /// An open quote whose validity ends within this many days is flagged on the dashboard.
    static let quoteExpiryDays = 14

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
                // "Waiting for you": TimeTracker's pending actions (approvals, unread notifications) and what
                // else asks the client to act: open quotes, overdue and unpaid invoices.
                var actions: [[String: Any]] = []
                func add(_ count: Int, _ one: String, _ many: String, _ href: String, _ link: String, _ tone: String, note: String? = nil) {
                    guard count > 0 else { return }
                    var action: [String: Any] = ["count": count, "label": count == 1 ? one : many, "href": href, "link": link, "tone": tone]
                    if let note { action["note"] = note }
                    actions.append(action)
                }
                let pendingApprovals = snapshot.approvals.filter { $0.status == "pending" }.count
                add(pendingApprovals, "Time entry to approve", "Time entries to approve", "approvals/index.html", "Review now", "warning")
                if site.showsQuotes {
                    let open = snapshot.quotes.filter { $0.isOpen(today: site.today) }
                    let soon = open.filter { quote in quote.validUntil.map { site.today.days(until: $0) <= Self.quoteExpiryDays } ?? false }.count
                    let note = soon == 0 ? nil : soon == 1 ? "1 expires within \(Self.quoteExpiryDays) days" : "\(soon) expire within \(Self.quoteExpiryDays) days"
                    add(open.count, "Open quote", "Open quotes", "quotes/index.html", "View quotes", soon > 0 ? "warning" : "info", note: note)
                }
                if branding.showInvoices {
                    add(figures.overdueCount, "Overdue invoice", "Overdue invoices", "invoices/overdue.html", "Review now", "danger")
                    add(figures.unpaidCount, "Unpaid invoice", "Unpaid invoices", "invoices/unpaid.html", "View all", "warning")
                }
                let unread = snapshot.notifications.filter { !$0.isRead }.count
                add(unread, "Unread notification", "Unread notifications", "notifications/unread.html", "View all", "info")
                guard !actions.isEmpty else { continue }
                var pending: [String: Any] = ["actions": actions]
                // Overdue money: say how to pay it, here as on each invoice.
                if branding.showInvoices, figures.overdueCount > 0, let payment = site.payment {
                    var pay = payment.bankContext
                    pay["overdue"] = Presentation.money(figures.overdue.amounts)
                    pending["payment"] = pay
                }
                widgets.append(["pending": pending])
            case "projects":
                guard branding.showProjects else { continue }
                let projects: [[String: Any]] = active.prefix(5).map { project in
                    var row: [String: Any] = [
                        "name": Presentation.text(project.name) ?? "", "status": Presentation.titleCase(project.status), "href": "projects/\(project.id).html",
                    ]
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

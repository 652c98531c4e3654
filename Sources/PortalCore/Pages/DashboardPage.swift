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

    static func build(_ site: SiteContext) -> PageModel {
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
                if site.shows(.projects) {
                    cards.append(["label": site.t("Active projects"), "value": site.format.count(active.count), "caption": site.t("Total active")])
                }
                if site.shows(.timeEntries) {
                    cards.append(["label": site.t("Total hours"), "value": site.format.hoursOneDecimal(totalHours), "caption": site.t("Hours tracked")])
                }
                if site.shows(.invoices) {
                    // One rule for counts: an invoice count is that of the invoice list's "All" tab (cancelled ones
                    // included, as listed); money totals leave cancelled invoices out.
                    cards.append(["label": site.t("Invoices"), "value": site.format.count(snapshot.invoices.count), "caption": site.t("All invoices")])
                    cards.append([
                        "label": site.t("Outstanding"), "amounts": site.moneyList(figures.outstanding.amountsOrZero(site.displayCurrency)),
                        "caption": site.t("Amount due"),
                    ])
                }
                if site.shows(.unbilled), let unbilled = site.unbilled {
                    cards.append([
                        "label": site.t("Not yet invoiced"), "value": site.format.hoursOneDecimal(unbilled.hours),
                        "caption": site.shown.rates ? site.money(unbilled.amount, site.projectCurrency) : site.t("Billable hours"),
                    ])
                }
                if !cards.isEmpty { widgets.append(["stats": ["cards": cards]]) }
            case "pending_actions":
                // "Waiting for you": TimeTracker's pending actions (approvals, unread notifications) and what
                // else asks the client to act: open quotes, overdue and unpaid invoices.
                var actions: [[String: Any]] = []
                func add(_ count: Int, _ one: String, _ many: String, _ href: String, _ link: String, _ tone: String, note: String? = nil) {
                    guard count > 0 else { return }
                    var action: [String: Any] = [
                        "count": site.format.count(count), "label": site.t(one, many, count: count), "href": href, "link": site.t(link), "tone": tone,
                    ]
                    if let note { action["note"] = note }
                    actions.append(action)
                }
                let pendingApprovals = snapshot.approvals.filter { $0.status == "pending" }.count
                add(pendingApprovals, "Time entry to approve", "Time entries to approve", "approvals/index.html", "Review now", "warning")
                if site.shows(.quotes) {
                    let open = snapshot.quotes.filter { $0.isOpen(today: site.today) }
                    let soon = open.filter { quote in quote.validUntil.map { site.today.days(until: $0) <= Self.quoteExpiryDays } ?? false }.count
                    let note =
                        soon == 0
                        ? nil
                        : site.t(
                            "{{count}} expires within {{days}} days", "{{count}} expire within {{days}} days", count: soon,
                            ["days": site.format.count(Self.quoteExpiryDays)])
                    add(open.count, "Open quote", "Open quotes", "quotes/index.html", "View quotes", soon > 0 ? "warning" : "info", note: note)
                }
                if site.shows(.invoices) {
                    // One count for money still owed, the overdue ones said inside it ("3 Unpaid invoices (including
                    // 2 overdue)"): two items would count the same invoices twice.
                    let overdue = figures.overdueCount
                    let note = overdue > 0 ? site.t("including {{count}} overdue", "including {{count}} overdue", count: overdue) : nil
                    add(
                        figures.unpaidCount, "Unpaid invoice", "Unpaid invoices", "invoices/unpaid.html", "View all", overdue > 0 ? "danger" : "warning",
                        note: note)
                }
                let unread = snapshot.notifications.filter { !$0.isRead }.count
                add(unread, "Unread notification", "Unread notifications", "notifications/unread.html", "View all", "info")
                guard !actions.isEmpty else { continue }
                var pending: [String: Any] = ["actions": actions]
                // Overdue money: say how to pay it, here as on each invoice.
                if site.shows(.invoices), figures.overdueCount > 0, let payment = site.payment {
                    var pay = payment.bankContext
                    pay["overdue"] = site.moneyList(figures.overdue.amounts)
                    pending["payment"] = pay
                }
                widgets.append(["pending": pending])
            case "projects":
                guard site.shows(.projects) else { continue }
                let projects: [[String: Any]] = active.prefix(5).map { project in
                    var row: [String: Any] = [
                        "name": Presentation.text(project.name) ?? "", "status": site.status(project.status), "href": "projects/\(project.id).html",
                    ]
                    if let description = Presentation.text(project.description) { row["description"] = description }
                    return row
                }
                widgets.append(["projects": ["items": projects, "empty": projects.isEmpty]])
            case "invoices":
                guard site.shows(.invoices) else { continue }
                let invoices: [[String: Any]] = snapshot.invoices.prefix(5).map { invoice in
                    [
                        "number": Presentation.text(invoice.number) ?? "", "href": "invoices/\(invoice.id).html",
                        "badge": site.paymentBadge(invoice), "issued": site.format.date(invoice.issueDate),
                        "amount": site.money(invoice.total, invoice.currency),
                    ]
                }
                let upcoming = UpcomingInvoices.rows(site)
                widgets.append(["invoices": ["items": invoices, "empty": invoices.isEmpty, "upcoming": upcoming.isEmpty ? false : ["rows": upcoming] as Any]])
            case "time_entries":
                guard site.shows(.timeEntries) else { continue }
                let recent = site.entries(lastDays: 30).prefix(10).map { site.entryRow($0).context }
                widgets.append(["entries": ["rows": Array(recent), "empty": recent.isEmpty]])
            default:
                continue
            }
        }
        let isEmpty = active.isEmpty && snapshot.invoices.isEmpty && snapshot.entries.isEmpty
        var context: [String: Any] = ["widgets": widgets, "emptyPortal": isEmpty]
        context["welcome"] = Presentation.text(branding.welcomeMessage) ?? site.t("Welcome, {{name}}", ["name": Presentation.text(snapshot.client.name) ?? ""])
        return PageModel(path: "index.html", template: "dashboard", title: site.t("Dashboard"), section: "dashboard", context: context)
    }
}

import Foundation

/// `unbilled/index.html`: the client's work not yet invoiced (``UnbilledFigures``), per project with its hours,
/// rate and amount (hours alone where the client's pages hide rates: the amount would give the rate away), the
/// total, the hours already on an invoice being prepared, and every such entry, newest first, paginated;
/// `unbilled/unbilled.csv` holds them all.
struct UnbilledPage {
    static func build(_ site: SiteContext) -> SitePart {
        guard let work = site.snapshot.unbilled, let figures = site.unbilled else { return SitePart(pages: []) }
        let currency = site.projectCurrency
        let amounts = site.shown.rates
        let linked = Set(site.shows(.projects) ? site.snapshot.activeProjects.map(\.id) : [])
        let lines: [[String: Any]] = figures.lines.map { line in
            var row: [String: Any] = [
                "project": Presentation.text(site.projectName(line.projectID)) ?? "", "entries": site.format.count(line.entries),
                "hours": site.format.hours(line.hours), "direct": line.projectID == nil,
            ]
            if let id = line.projectID, linked.contains(id) { row["href"] = "../projects/\(id).html" }
            if amounts, let rate = line.rate, rate != 0 { row["rate"] = site.money(rate, currency) }
            // No rate anywhere: TimeTracker would bill it at zero, and the page says so.
            if amounts, line.rate == 0 { row["unpriced"] = true }
            if amounts, let amount = line.amount { row["amount"] = site.money(amount, currency) }
            return row
        }
        var context: [String: Any] = [
            "lines": lines, "empty": work.entries.isEmpty, "count": site.format.count(figures.entries), "totalHours": site.format.hours(figures.hours),
            "amounts": amounts, "currencyNote": amounts ? site.currencyNote : false,
            "hasDirect": figures.lines.contains { $0.projectID == nil }, "hasUnpriced": amounts && figures.lines.contains { $0.rate == 0 },
        ]
        if amounts { context["total"] = site.money(figures.amount, currency) }
        if figures.draftHours != .zero {
            context["onDrafts"] = site.t("{{hours}} more are on an invoice being prepared.", ["hours": site.format.hours(figures.draftHours)])
        }
        let rows = work.entries.reversed().map(site.entryRow)
        let pagination = Pagination(count: rows.count, size: site.pageSize, base: "index")
        let pages = (1...pagination.pageCount).map { page -> PageModel in
            var pageContext = context
            pageContext["timeEntries"] = Array(rows[pagination.range(page)])
            pageContext["pager"] = pagination.links(current: page) ?? false
            return PageModel(
                path: "unbilled/\(pagination.file(page))", template: "unbilled",
                title: site.paged(site.t("Not yet invoiced"), page: page, of: pagination.pageCount),
                section: "unbilled", context: pageContext)
        }
        return SitePart(pages: pages, files: [SiteFile(path: "unbilled/unbilled.csv", bytes: site.csvFile(TimeEntriesPage.csv(site, work.entries)))])
    }
}

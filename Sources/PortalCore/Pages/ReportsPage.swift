import Foundation

/// `reports/`: the 7, 30 (index), 90 and 365-day reports, each with a CSV.
///
/// Sections: period hours, invoice and payment summary (incl. overdue) per currency, project progress with
/// bars, task status summary, time by date over the whole window as an inline SVG chart, recent entries.
struct ReportsPage {
    static let presets = [7, 30, 90, 365]

    static func file(_ days: Int) -> String { days == 30 ? "index.html" : "\(days)d.html" }

    static func build(_ site: SiteContext) -> (pages: [PageModel], files: [SiteFile]) {
        let figures = InvoiceFigures(site.snapshot.invoices, today: site.today)
        var allHours: [Int64: (Hours, Hours)] = [:]
        for entry in site.snapshot.entries {
            guard let id = entry.projectID else { continue }
            var value = allHours[id] ?? (.zero, .zero)
            value.0 += entry.hours
            if entry.billable { value.1 += entry.hours }
            allHours[id] = value
        }
        var taskCounts: [String: Int] = [:]
        for task in site.snapshot.tasks { taskCounts[task.status, default: 0] += 1 }
        let taskOrder = ["todo", "in_progress", "review", "done", "cancelled"]
        let statuses = taskOrder.filter { taskCounts[$0] != nil } + taskCounts.keys.filter { !taskOrder.contains($0) }.sorted()
        let taskChips: [[String: Any]] = statuses.map { ["label": site.status($0), "count": site.format.count(taskCounts[$0]!)] }

        var pages: [PageModel] = []
        var files: [SiteFile] = []
        for days in presets {
            let windowEntries = site.entries(lastDays: days)
            var periodByProject: [Int64: Hours] = [:]
            var byDate: [CalendarDate: Hours] = [:]
            for entry in windowEntries {
                if let id = entry.projectID { periodByProject[id, default: .zero] += entry.hours }
                byDate[entry.start.date, default: .zero] += entry.hours
            }
            let periodHours = windowEntries.reduce(Hours.zero) { $0 + $1.hours }
            let periodBillable = windowEntries.reduce(Hours.zero) { $0 + ($1.billable ? $1.hours : .zero) }
            let first = site.today.adding(days: -(days - 1))
            let series = (0..<days).map { offset -> (CalendarDate, Hours) in
                let date = first.adding(days: offset)
                return (date, byDate[date] ?? .zero)
            }
            let projects: [[String: Any]] = site.snapshot.activeProjects.map { project in
                let (total, billable) = allHours[project.id] ?? (.zero, .zero)
                var row: [String: Any] = [
                    "name": Presentation.text(project.name) ?? "", "status": site.status(project.status),
                    "period": site.format.hours(periodByProject[project.id] ?? .zero), "total": site.format.hours(total),
                    "billable": site.format.hours(billable),
                    "bars": ProjectsPage.bars(site, project, worked: total, billable: billable),
                ]
                var limits: [String] = []
                if let estimate = project.estimatedHours { limits.append(site.format.number(Decimal(estimate), fraction: 1) + "h") }
                if let budget = project.budgetAmount { limits.append(site.money(budget, site.projectCurrency)) }
                row["limits"] = limits.isEmpty ? "—" : limits.joined(separator: " / ")
                return row
            }
            let dateRows = series.reversed().filter { $0.1 != .zero }.map {
                ListRow(["date": .text(site.format.date($0.0)), "hours": .text(site.format.hours($0.1))])
            }
            let context: [String: Any] = [
                "days": days,
                "presets": presets.map { ["label": site.t("{{count}} day", "{{count}} days", count: $0), "href": file($0), "current": $0 == days] },
                "csv": "\(days)d.csv",
                "from": site.format.date(first), "to": site.format.date(site.today),
                "periodHours": site.format.hoursOneDecimal(periodHours), "periodBillable": site.format.hoursOneDecimal(periodBillable),
                "periodEntries": site.format.count(windowEntries.count),
                "periodCaption": site.t(
                    "{{count}} entry in the last {{days}} days", "{{count}} entries in the last {{days}} days", count: windowEntries.count,
                    ["days": site.format.count(days)]),
                "invoiced": site.moneyList(figures.invoiced.amountsOrZero(site.displayCurrency)),
                "paid": site.moneyList(figures.paid.amountsOrZero(site.displayCurrency)),
                "outstanding": site.moneyList(figures.outstanding.amountsOrZero(site.displayCurrency)),
                "overdue": site.moneyList(figures.overdue.amountsOrZero(site.displayCurrency)),
                "overdueCount": site.format.count(figures.overdueCount),
                "overdueCaption": site.t("{{count}} overdue invoice", "{{count}} overdue invoices", count: figures.overdueCount),
                "currencyNote": site.currencyNote,
                "showInvoices": site.shows(.invoices),
                "projects": projects, "hasProjects": !projects.isEmpty,
                "tasks": taskChips, "taskTotal": site.format.count(site.snapshot.tasks.count), "hasTasks": !site.snapshot.tasks.isEmpty,
                "chart": TimeChart.svg(series, site: site, days: days),
                "dates": dateRows, "hasDates": !dateRows.isEmpty,
                "hasRecent": !windowEntries.isEmpty, "timeEntries": windowEntries.prefix(20).map(site.entryRow),
            ]
            pages.append(
                PageModel(
                    path: "reports/\(file(days))", template: "reports",
                    title: site.t("Reports: last {{count}} day", "Reports: last {{count}} days", count: days), section: "reports", context: context))
            let period = Period(days: days, hours: periodHours, billable: periodBillable, byProject: periodByProject)
            files.append(
                SiteFile(path: "reports/\(days)d.csv", bytes: site.csvFile(csv(site, period: period, figures: figures, allHours: allHours, series: series)))
            )
        }
        return (pages, files)
    }

    /// The hours of a report's window, as its page shows them.
    struct Period {
        let days: Int
        let hours: Hours
        let billable: Hours
        let byProject: [Int64: Hours]
    }

    /// TimeTracker's report CSV layout with the page's figures: the window's hours (TimeTracker's CSV gave
    /// every hour ever tracked under "Total Hours" beside a 30-day page), `%.2f` values, one money row per
    /// currency, and per project the window's hours beside the totals, as the page's table has them.
    static func csv(_ site: SiteContext, period: Period, figures: InvoiceFigures, allHours: [Int64: (Hours, Hours)], series: [(CalendarDate, Hours)]) -> String
    {
        let days = period.days
        let window = site.t("Last {{count}} day", "Last {{count}} days", count: days)
        var lines: [[String]] = [[site.t("Client report"), site.snapshot.client.name, window], [], [site.t("Summary")]]
        lines.append([site.t("Hours in the last {{count}} day", "Hours in the last {{count}} days", count: days), period.hours.twoDecimals])
        lines.append([
            site.t("Billable hours in the last {{count}} day", "Billable hours in the last {{count}} days", count: days), period.billable.twoDecimals,
        ])
        for (label, totals) in [
            ("Total invoiced", figures.invoiced), ("Paid", figures.paid), ("Outstanding", figures.outstanding), ("Overdue", figures.overdue),
        ] {
            for money in totals.amountsOrZero(site.displayCurrency) { lines.append([site.t(label), Money.plain(money.amount), money.currency]) }
        }
        lines += [[], [site.t("Hours by project")], [site.t("Project"), window, site.t("Total hours"), site.t("Billable hours")]]
        for project in site.snapshot.activeProjects {
            let (total, billable) = allHours[project.id] ?? (.zero, .zero)
            lines.append([project.name, (period.byProject[project.id] ?? .zero).twoDecimals, total.twoDecimals, billable.twoDecimals])
        }
        lines += [[], [site.t("Time by date")], [site.t("Date"), site.t("Hours")]]
        for (date, hours) in series.reversed() where hours != .zero { lines.append([date.iso, hours.twoDecimals]) }
        return CSV.text(lines, separator: site.csvSeparator)
    }
}

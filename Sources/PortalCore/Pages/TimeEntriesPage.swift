import Foundation

/// `time-entries/`: an overview (totals per month and per project), then every completed entry on the page
/// of its month and of its project (or `direct.html`), paginated, with filter links that work without
/// JavaScript, and a CSV of all entries: a ``TabbedList`` whose first tab, the overview, lists no rows.
///
/// Entries are listed by month rather than in one long list as well: that list repeated every row a third
/// time (a third of the bytes of a large portal) without showing anything the month pages do not.
struct TimeEntriesPage {
    struct Filter {
        let base: String
        let label: String
        let kind: String
        let entries: [TimeEntryRecord]
        /// Summed once: every page of the filter and the overview's tables show them.
        let total: Hours
        let billable: Hours

        init(base: String, label: String, kind: String, entries: [TimeEntryRecord]) {
            (self.base, self.label, self.kind, self.entries) = (base, label, kind, entries)
            total = entries.reduce(Hours.zero) { $0 + $1.hours }
            billable = entries.reduce(Hours.zero) { $0 + ($1.billable ? $1.hours : .zero) }
        }
    }

    static func build(_ site: SiteContext) -> (pages: [PageModel], files: [SiteFile]) {
        let entries = site.snapshot.entries
        var byProject: [Int64: [TimeEntryRecord]] = [:]
        var direct: [TimeEntryRecord] = []
        var byMonth: [String: [TimeEntryRecord]] = [:]
        for entry in entries {
            if let projectID = entry.projectID { byProject[projectID, default: []].append(entry) } else { direct.append(entry) }
            byMonth[String(entry.start.date.iso.prefix(7)), default: []].append(entry)
        }
        var projects = site.snapshot.activeProjects.map {
            Filter(base: "project-\($0.id)", label: Presentation.text($0.name) ?? "", kind: "project", entries: byProject[$0.id] ?? [])
        }
        if !direct.isEmpty { projects.append(Filter(base: "direct", label: site.t("(Direct)"), kind: "project", entries: direct)) }
        let months = byMonth.keys.sorted(by: >).map { Filter(base: "month-\($0)", label: monthLabel($0, site.format), kind: "month", entries: byMonth[$0]!) }
        let overview = Filter(base: "index", label: site.t("All projects"), kind: "overview", entries: entries)
        let projectLinks = [overview] + projects

        func links(_ filters: [Filter], current: String) -> [[String: Any]] {
            filters.map { ["label": $0.label, "href": "\($0.base).html", "current": $0.base == current] }
        }
        func summaries(_ filters: [Filter]) -> [[String: Any]] {
            filters.map {
                [
                    "label": $0.label, "href": "\($0.base).html", "count": site.format.count($0.entries.count), "hours": site.format.hours($0.total),
                    "billable": site.format.hours($0.billable),
                ]
            }
        }
        let client = Presentation.text(site.snapshot.client.name) ?? ""
        // Each entry is listed on its month's page and its project's: its row is made once.
        let rowOf = Dictionary(entries.map { ($0.id, site.entryRow($0)) }) { first, _ in first }

        let filters = Dictionary(uniqueKeysWithValues: ([overview] + projects + months).map { ($0.base, $0) })
        let tabs =
            [TabbedList<TimeEntryRecord>.Tab(id: "index", label: "All projects", base: "index", items: entries, empty: "No time entries", listsItems: false)]
            + (projects + months).map {
                TabbedList<TimeEntryRecord>.Tab(id: $0.base, name: $0.label, base: $0.base, items: $0.entries, empty: "No time entries match this filter")
            }
        let list = TabbedList(folder: "time-entries", template: "time-entries", section: "time-entries", tabs: tabs, rowsKey: "timeEntries")
        let listFilter = ListFilter.context(
            site, table: "time-entries", projects: entries.lazy.map(\.projectID),
            statuses: [("billable", site.t("Billable")), ("non-billable", site.t("Non-billable"))])
        let pages = list.pages(
            site, title: { $0.listsItems ? site.t("Time entries: {{filter}}", ["filter": $0.label]) : site.t("Time entries") },
            extra: { tab in
                let filter = filters[tab.id]!
                var context: [String: Any] = [
                    "filterLabel": filter.label, "projectFilters": links(projectLinks, current: filter.base),
                    "monthFilters": links(months, current: filter.base), "hasMonths": !months.isEmpty, "count": site.format.count(filter.entries.count),
                    "totalHours": site.format.hours(filter.total), "billableHours": site.format.hours(filter.billable), "client": client,
                    "listFilter": listFilter,
                ]
                if !tab.listsItems, !entries.isEmpty {
                    context["overview"] = ["months": summaries(months), "projects": summaries(projects.filter { !$0.entries.isEmpty })] as [String: Any]
                }
                return context
            }
        ) { rowOf[$0.id]! }
        return (pages, [SiteFile(path: "time-entries/time-entries.csv", bytes: site.csvFile(csv(site, entries)))])
    }

    static func monthLabel(_ month: String, _ format: LocaleFormat) -> String {
        let parts = month.split(separator: "-")
        guard parts.count == 2, let y = Int(parts[0]), let m = Int(parts[1]), (1...12).contains(m) else { return month }
        return format.month(m, year: y)
    }

    /// All entries as CSV (ISO dates, hours with a decimal point, `yes`/`no`), for spreadsheets; headers
    /// in the client's language; the user column only where the client's pages name staff.
    static func csv(_ site: SiteContext, _ entries: [TimeEntryRecord]) -> String {
        let separator = site.csvSeparator
        let headers = ["Date", "Start", "End", "Project", "Task", "User", "Hours", "Billable", "Description"]
        let staff = site.shown.staffNames
        var text = headers.filter { staff || $0 != "User" }.map { CSV.field(site.t($0), separator: separator) }.joined(separator: String(separator)) + "\r\n"
        let yes = "\(separator)yes\(separator)", no = "\(separator)no\(separator)"
        text.reserveCapacity(entries.count * 120)
        // A few names, a million rows: each name's field is made once.
        var projects: [Int64?: String] = [:], tasks: [Int64?: String] = [:], users: [Int64?: String] = [:]
        for entry in entries {
            // Dates, times, hours and yes/no are ours and need no quoting; names and notes come from the database.
            text += entry.start.date.iso
            text.append(separator)
            text += CSV.time(entry.start)
            text.append(separator)
            text += CSV.time(entry.end)
            text.append(separator)
            text += field(&projects, entry.projectID, separator) { site.projectName(entry.projectID) }
            text.append(separator)
            text += field(&tasks, entry.taskID, separator) { entry.taskID.flatMap { site.tasksByID[$0]?.name } ?? "" }
            text.append(separator)
            if staff {
                text += field(&users, entry.userID, separator) { site.userName(entry.userID) }
                text.append(separator)
            }
            text += entry.hours.twoDecimals
            text += entry.billable ? yes : no
            CSV.append(entry.notes ?? "", to: &text, separator: separator)
            text += "\r\n"
        }
        return text
    }

    /// The CSV field of the name of `id`, made once per id.
    private static func field(_ fields: inout [Int64?: String], _ id: Int64?, _ separator: Character, _ name: () -> String) -> String {
        if let field = fields[id] { return field }
        let field = CSV.field(name(), separator: separator)
        fields[id] = field
        return field
    }
}

import Foundation

/// `time-entries/`: an overview (totals per month and per project), then every completed entry on the page
/// of its month and of its project (or `direct.html`), paginated, with filter links that work without
/// JavaScript, and a CSV of all entries.
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

        var pages: [PageModel] = []
        for filter in [overview] + projects + months {
            let pagination = Pagination(count: filter.kind == "overview" ? 0 : filter.entries.count, size: site.pageSize, base: filter.base)
            let projectFilters = links(projectLinks, current: filter.base)
            let monthFilters = links(months, current: filter.base)
            for page in 1...pagination.pageCount {
                let rows = filter.kind == "overview" ? [] : filter.entries[pagination.range(page)]
                var context: [String: Any] = [
                    "empty": filter.entries.isEmpty, "filtered": filter.kind != "overview", "filterLabel": filter.label,
                    "projectFilters": projectFilters, "monthFilters": monthFilters, "hasMonths": !months.isEmpty,
                    "count": site.format.count(filter.entries.count), "totalHours": site.format.hours(filter.total),
                    "billableHours": site.format.hours(filter.billable),
                    "pager": pagination.links(current: page) ?? false, "client": client, "timeEntries": rows.map { rowOf[$0.id]! },
                ]
                if filter.kind == "overview", !entries.isEmpty {
                    context["overview"] = ["months": summaries(months), "projects": summaries(projects.filter { !$0.entries.isEmpty })] as [String: Any]
                }
                let title = filter.kind == "overview" ? site.t("Time entries") : site.t("Time entries: {{filter}}", ["filter": filter.label])
                pages.append(
                    PageModel(
                        path: "time-entries/\(pagination.file(page))", template: "time-entries",
                        title: site.paged(title, page: page, of: pagination.pageCount),
                        section: "time-entries", context: context))
            }
        }
        return (pages, [SiteFile(path: "time-entries/time-entries.csv", bytes: site.csvFile(csv(site, entries)))])
    }

    static func monthLabel(_ month: String, _ format: LocaleFormat) -> String {
        let parts = month.split(separator: "-")
        guard parts.count == 2, let y = Int(parts[0]), let m = Int(parts[1]), (1...12).contains(m) else { return month }
        return format.month(m, year: y)
    }

    /// All entries as CSV (ISO dates, hours with a decimal point, `yes`/`no`), for spreadsheets; headers
    /// in the client's language.
    static func csv(_ site: SiteContext, _ entries: [TimeEntryRecord]) -> String {
        let separator = site.csvSeparator
        let headers = ["Date", "Start", "End", "Project", "Task", "User", "Hours", "Billable", "Description"]
        var text = headers.map { CSV.field(site.t($0), separator: separator) }.joined(separator: String(separator)) + "\r\n"
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
            text += field(&users, entry.userID, separator) { site.userName(entry.userID) }
            text.append(separator)
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

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

    static func build(_ site: SiteContext) -> (pages: [PageOutput], files: [RenderedFile]) {
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
        if !direct.isEmpty { projects.append(Filter(base: "direct", label: "(Direct)", kind: "project", entries: direct)) }
        let months = byMonth.keys.sorted(by: >).map { Filter(base: "month-\($0)", label: monthLabel($0), kind: "month", entries: byMonth[$0]!) }
        let overview = Filter(base: "index", label: "All projects", kind: "overview", entries: entries)
        let projectLinks = [overview] + projects

        func links(_ filters: [Filter], current: String) -> [[String: Any]] {
            filters.map { ["label": $0.label, "href": "\($0.base).html", "current": $0.base == current] }
        }
        func summaries(_ filters: [Filter]) -> [[String: Any]] {
            filters.map { ["label": $0.label, "href": "\($0.base).html", "count": $0.entries.count, "hours": $0.total.short, "billable": $0.billable.short] }
        }
        let client = Presentation.text(site.snapshot.client.name) ?? ""

        var pages: [PageOutput] = []
        for filter in [overview] + projects + months {
            let pagination = Pagination(count: filter.kind == "overview" ? 0 : filter.entries.count, size: site.pageSize, base: filter.base)
            let projectFilters = links(projectLinks, current: filter.base)
            let monthFilters = links(months, current: filter.base)
            for page in 1...pagination.pageCount {
                let rows = filter.kind == "overview" ? [] : filter.entries[pagination.range(page)]
                var context: [String: Any] = [
                    "empty": filter.entries.isEmpty, "filtered": filter.kind != "overview", "filterLabel": filter.label,
                    "projectFilters": projectFilters, "monthFilters": monthFilters, "hasMonths": !months.isEmpty,
                    "count": filter.entries.count, "totalHours": filter.total.short, "billableHours": filter.billable.short,
                    "pager": pagination.links(current: page) ?? false, "client": client,
                ]
                if filter.kind == "overview", !entries.isEmpty {
                    context["overview"] = ["months": summaries(months), "projects": summaries(projects.filter { !$0.entries.isEmpty })] as [String: Any]
                }
                let title = filter.kind == "overview" ? "Time Entries" : "Time Entries: \(filter.label)"
                pages.append(
                    PageOutput(
                        path: "time-entries/\(pagination.file(page))", template: "time-entries",
                        title: pagination.pageCount > 1 ? "\(title) (page \(page) of \(pagination.pageCount))" : title,
                        section: "time-entries", context: context, entryRows: rows.isEmpty ? nil : rows))
            }
        }
        return (pages, [RenderedFile(path: "time-entries/time-entries.csv", bytes: Array(csv(site, entries).utf8))])
    }

    static func monthLabel(_ month: String) -> String {
        let names = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"]
        let parts = month.split(separator: "-")
        guard parts.count == 2, let m = Int(parts[1]), (1...12).contains(m) else { return month }
        return "\(names[m - 1]) \(parts[0])"
    }

    /// All entries as CSV (ISO dates, `%.2f` hours), for spreadsheets.
    static func csv(_ site: SiteContext, _ entries: [TimeEntryRecord]) -> String {
        var text = "Date,Start,End,Project,Task,User,Hours,Billable,Description\r\n"
        text.reserveCapacity(entries.count * 120)
        // A few names, a million rows: each name's field is made once.
        var projects: [Int64?: String] = [:], tasks: [Int64?: String] = [:], users: [Int64?: String] = [:]
        for entry in entries {
            // Dates, times, hours and yes/no are ours and need no quoting; names and notes come from the database.
            text += entry.start.date.iso
            text += ","
            text += CSV.time(entry.start)
            text += ","
            text += CSV.time(entry.end)
            text += ","
            text += field(&projects, entry.projectID) { site.projectName(entry.projectID) }
            text += ","
            text += field(&tasks, entry.taskID) { entry.taskID.flatMap { site.tasksByID[$0]?.name } ?? "" }
            text += ","
            text += field(&users, entry.userID) { site.userName(entry.userID) }
            text += ","
            text += entry.hours.twoDecimals
            text += entry.billable ? ",yes," : ",no,"
            CSV.append(entry.notes ?? "", to: &text)
            text += "\r\n"
        }
        return text
    }

    /// The CSV field of the name of `id`, made once per id.
    private static func field(_ fields: inout [Int64?: String], _ id: Int64?, _ name: () -> String) -> String {
        if let field = fields[id] { return field }
        let field = CSV.field(name())
        fields[id] = field
        return field
    }
}

/// RFC 4180 CSV fields, with spreadsheet formula injection neutralised.
enum CSV {
    /// First characters that make a spreadsheet read a cell as a formula.
    static let formulaStarts: Set<UInt8> = [UInt8(ascii: "="), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "@")]

    static func field(_ value: String) -> String {
        var text = ""
        append(value, to: &text)
        return text
    }

    /// Appends `value` as a field to `line`.
    static func append(_ value: String, to line: inout String) {
        var text = Presentation.text(value) ?? ""
        if let first = text.utf8.first, Self.formulaStarts.contains(first), Double(text) == nil { text = "'" + text }
        // Bytes, not characters: "\r\n" is one Character, equal to neither "\r" nor "\n".
        var quote = false, doubleQuotes = false
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): doubleQuotes = true
            case UInt8(ascii: ","), UInt8(ascii: "\n"), UInt8(ascii: "\r"): quote = true
            default: continue
            }
        }
        guard quote || doubleQuotes else {
            line += text
            return
        }
        line += "\""
        if doubleQuotes {
            for part in text.utf8.split(separator: UInt8(ascii: "\""), omittingEmptySubsequences: false).enumerated() {
                if part.offset > 0 { line += "\"\"" }
                line += Substring(part.element)
            }
        } else {
            line += text
        }
        line += "\""
    }

    static func time(_ value: LocalDateTime) -> String {
        "\(CalendarDate.pad(value.hour, 2)):\(CalendarDate.pad(value.minute, 2))"
    }
}

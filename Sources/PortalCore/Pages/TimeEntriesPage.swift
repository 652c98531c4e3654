import Foundation

/// `time-entries/`: every completed entry, paginated, with filter pages per project and per month that work
/// without JavaScript, and a CSV of all entries.
struct TimeEntriesPage {
    struct Filter {
        let base: String
        let label: String
        let kind: String
        let entries: [TimeEntryRecord]
    }

    static func build(_ site: SiteContext) -> (pages: [PageOutput], files: [RenderedFile]) {
        let entries = site.snapshot.entries
        var filters = [Filter(base: "index", label: "All projects", kind: "all", entries: entries)]
        var byProject: [Int64: [TimeEntryRecord]] = [:]
        var direct: [TimeEntryRecord] = []
        var byMonth: [String: [TimeEntryRecord]] = [:]
        for entry in entries {
            if let projectID = entry.projectID { byProject[projectID, default: []].append(entry) } else { direct.append(entry) }
            byMonth[String(entry.start.date.iso.prefix(7)), default: []].append(entry)
        }
        for project in site.snapshot.activeProjects {
            filters.append(Filter(base: "project-\(project.id)", label: Presentation.text(project.name) ?? "", kind: "project", entries: byProject[project.id] ?? []))
        }
        if !direct.isEmpty { filters.append(Filter(base: "direct", label: "(Direct)", kind: "project", entries: direct)) }
        for month in byMonth.keys.sorted(by: >) {
            filters.append(Filter(base: "month-\(month)", label: monthLabel(month), kind: "month", entries: byMonth[month]!))
        }
        let projectLinks = filters.filter { $0.kind != "month" }
        let monthLinks = filters.filter { $0.kind == "month" }

        var pages: [PageOutput] = []
        for filter in filters {
            let pagination = Pagination(count: filter.entries.count, size: site.pageSize, base: filter.base)
            let total = filter.entries.reduce(Hours.zero) { $0 + $1.hours }
            let billable = filter.entries.reduce(Hours.zero) { $0 + ($1.billable ? $1.hours : .zero) }
            let projectFilters = projectLinks.map { ["label": $0.label, "href": "\($0.base).html", "current": $0.base == filter.base] }
            let monthFilters = monthLinks.map { ["label": $0.label, "href": "\($0.base).html", "current": $0.base == filter.base] }
            for page in 1...pagination.pageCount {
                let rows = filter.entries[pagination.range(page)]
                let context: [String: Any] = [
                    "empty": rows.isEmpty, "filtered": filter.kind != "all", "filterLabel": filter.label,
                    "projectFilters": projectFilters, "monthFilters": monthFilters,
                    "hasMonths": !monthLinks.isEmpty,
                    "count": filter.entries.count, "totalHours": total.short, "billableHours": billable.short,
                    "pager": pagination.links(current: page) ?? false,
                    "client": Presentation.text(site.snapshot.client.name) ?? "",
                ]
                let title = filter.kind == "all" ? "Time Entries" : "Time Entries: \(filter.label)"
                pages.append(
                    PageOutput(
                        path: "time-entries/\(pagination.file(page))", template: "time-entries",
                        title: pagination.pageCount > 1 ? "\(title) (page \(page) of \(pagination.pageCount))" : title,
                        section: "time-entries", context: context, entryRows: rows))
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
        for entry in entries {
            let task = entry.taskID.flatMap { site.tasksByID[$0]?.name } ?? ""
            let fields = [
                entry.start.date.iso, CSV.time(entry.start), CSV.time(entry.end), site.projectName(entry.projectID), task,
                site.userName(entry.userID), entry.hours.twoDecimals, entry.billable ? "yes" : "no", entry.notes ?? "",
            ]
            for (index, field) in fields.enumerated() {
                if index > 0 { text += "," }
                text += CSV.field(field)
            }
            text += "\r\n"
        }
        return text
    }
}

/// RFC 4180 CSV fields, with spreadsheet formula injection neutralised.
enum CSV {
    /// First characters that make a spreadsheet read a cell as a formula.
    static let formulaStarts: Set<UInt8> = [UInt8(ascii: "="), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "@")]

    static func field(_ value: String) -> String {
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
        guard quote || doubleQuotes else { return text }
        return "\"" + (doubleQuotes ? text.replacingOccurrences(of: "\"", with: "\"\"") : text) + "\""
    }

    static func time(_ value: LocalDateTime) -> String {
        "\(CalendarDate.pad(value.hour, 2)):\(CalendarDate.pad(value.minute, 2))"
    }
}

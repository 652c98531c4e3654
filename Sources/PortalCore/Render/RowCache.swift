/// The HTML of each time-entry row of one site, rendered once by the theme's `entry-row` partial and reused by
/// every page that lists the entry. The partial sees only the row's own fields, so its output depends on
/// nothing else on the page.
struct RowCache {
    private let rows: [Int64: String]

    /// Renders the rows of every list in `pages`, each entry once, on `lanes` threads.
    init(theme: Theme, site: SiteContext, pages: [PageOutput], lanes: Int) {
        var seen = Set<Int64>()
        var entries: [TimeEntryRecord] = []
        for page in pages {
            for entry in page.entryRows ?? [] where seen.insert(entry.id).inserted { entries.append(entry) }
        }
        let html = entries.parallelMap(lanes: lanes) { theme.render("entry-row", row: site.entryRow($0)) }
        rows = Dictionary(uniqueKeysWithValues: zip(entries.map(\.id), html))
    }

    /// The rows of `entries`, concatenated.
    func html(_ entries: ArraySlice<TimeEntryRecord>) -> String {
        var html = ""
        for entry in entries { html += rows[entry.id] ?? "" }
        return html
    }
}

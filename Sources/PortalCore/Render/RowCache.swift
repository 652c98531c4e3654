/// The HTML of each time-entry row of one site, rendered once by the theme's `entry-row` partial and reused by
/// every page that lists the entry. The partial sees only the row's own fields, so its output depends on
/// nothing else on the page.
final class RowCache {
    private let theme: Theme
    private var rows: [Int64: String] = [:]

    init(theme: Theme) { self.theme = theme }

    /// The rows of `list`, concatenated.
    func html(_ list: EntryRowList) -> String {
        var html = ""
        for entry in list.entries {
            if let row = rows[entry.id] {
                html += row
            } else {
                let row = theme.render("entry-row", list.site.entryRow(entry))
                rows[entry.id] = row
                html += row
            }
        }
        return html
    }
}

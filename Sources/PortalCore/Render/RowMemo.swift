import Synchronization

/// The HTML of rows that a site lists on several pages (``ListRow/id``), rendered once per site render:
/// a time entry appears on its month's page and its project's.
final class RowMemo: Sendable {
    private struct Key: Hashable {
        let section: RowSections.Section
        let id: Int64
    }

    private let rows = Mutex<[Key: String]>([:])

    /// The row's HTML from `section`, rendered by `render` the first time.
    func html(_ section: RowSections.Section, _ id: Int64, render: () -> String) -> String {
        let key = Key(section: section, id: id)
        if let known = rows.withLock({ $0[key] }) { return known }
        let html = render()
        rows.withLock { $0[key] = html }
        return html
    }
}

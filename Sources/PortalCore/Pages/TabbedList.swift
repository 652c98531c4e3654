/// A list shown as one set of pages per tab, each tab its own file (so tabs work without JavaScript) and
/// each paginated: the approval, issue and notification lists.
struct TabbedList<Item> {
    struct Tab {
        let id: String
        let label: String
        /// File name of the tab's first page without `.html` (`index` for the default tab).
        let base: String
        let items: [Item]
        /// The empty state's heading.
        let empty: String
    }

    let folder: String
    let template: String
    let section: String
    let tabs: [Tab]

    /// Every page of every tab. Each page's context has `tabs` (label, href, count, current), `rows`, `empty`, `emptyMessage`, `filtered` (not the first tab), `pager`, plus `extra`.
    /// Tab labels and empty states are catalog messages, translated for `site`.
    func pages(_ site: SiteContext, title: (Tab) -> String, extra: [String: Any] = [:], row: (Item) -> [String: Any]) -> [PageModel] {
        tabs.flatMap { tab in
            let pagination = Pagination(count: tab.items.count, size: site.pageSize, base: tab.base)
            return (1...pagination.pageCount).map { page -> PageModel in
                var context = extra
                context["tabs"] = tabs.map { other -> [String: Any] in
                    ["label": site.t(other.label), "href": "\(other.base).html", "count": site.format.count(other.items.count), "current": other.id == tab.id]
                }
                let rows = tab.items[pagination.range(page)].map(row)
                context["empty"] = tab.items.isEmpty
                context["emptyMessage"] = site.t(tab.empty)
                context["filtered"] = tab.id != tabs.first?.id
                context["pager"] = pagination.links(current: page) ?? false
                context["rows"] = rows
                return PageModel(
                    path: "\(folder)/\(pagination.file(page))", template: template, title: site.paged(title(tab), page: page, of: pagination.pageCount),
                    section: section, context: context)
            }
        }
    }
}

/// A list shown as one set of pages per tab, each tab its own file (so tabs work without JavaScript) and
/// each paginated: the invoice, time-entry, approval, issue and notification lists.
struct TabbedList<Item> {
    struct Tab {
        let id: String
        /// The tab's label: a catalog message (`Paid`), or a name from the database shown as it is.
        let label: String
        let labelIsMessage: Bool
        /// File name of the tab's first page without `.html` (`index` for the default tab).
        let base: String
        let items: [Item]
        /// The empty state's heading, a catalog message.
        let empty: String
        /// false for a summary tab (the time entries' overview): one page without rows, its items only counted.
        let listsItems: Bool

        /// A tab whose label is the catalog message `label`.
        init(id: String, label: String, base: String, items: [Item], empty: String, listsItems: Bool = true) {
            (self.id, self.label, labelIsMessage, self.base, self.items, self.empty, self.listsItems) = (id, label, true, base, items, empty, listsItems)
        }

        /// A tab labelled with a name from the database (a project) or one made for the page (a month).
        init(id: String, name: String, base: String, items: [Item], empty: String) {
            (self.id, label, labelIsMessage, self.base, self.items, self.empty, listsItems) = (id, name, false, base, items, empty, true)
        }

        /// The label as the client reads it.
        func shownLabel(_ site: SiteContext) -> String { labelIsMessage ? site.t(label) : label }
    }

    let folder: String
    let template: String
    let section: String
    let tabs: [Tab]
    /// The context key of a page's rows: `rows`, or the name a theme's partials read them by (`timeEntries`).
    var rowsKey = "rows"

    /// Every page of every tab. Each page's context has `tabs` (label, href, count, current), the page's rows
    /// under ``rowsKey``, `empty`, `emptyMessage`, `filtered` (not the first tab) and `pager`, then what `extra`
    /// gives for the tab. Labels and empty states are catalog messages, translated for `site`.
    func pages<Row>(
        _ site: SiteContext, title: (Tab) -> String, extra: (Tab) -> [String: Any] = { _ in [:] }, row: (Item) -> Row
    ) -> [PageModel] {
        let labels = tabs.map { $0.shownLabel(site) }
        let counts = tabs.map { site.format.count($0.items.count) }
        return tabs.flatMap { tab in
            let pagination = Pagination(count: tab.listsItems ? tab.items.count : 0, size: site.pageSize, base: tab.base)
            let tabLinks = tabs.indices.map { index -> [String: Any] in
                ["label": labels[index], "href": "\(tabs[index].base).html", "count": counts[index], "current": tabs[index].id == tab.id]
            }
            let tabExtra = extra(tab)
            let tabTitle = title(tab)
            return (1...pagination.pageCount).map { page -> PageModel in
                var context: [String: Any] = [
                    "tabs": tabLinks, rowsKey: tab.items[pagination.range(page)].map(row), "empty": tab.items.isEmpty,
                    "emptyMessage": site.t(tab.empty), "filtered": tab.id != tabs.first?.id, "pager": pagination.links(current: page) ?? false,
                ]
                context.merge(tabExtra) { $1 }
                return PageModel(
                    path: "\(folder)/\(pagination.file(page))", template: template, title: site.paged(tabTitle, page: page, of: pagination.pageCount),
                    section: section, context: context)
            }
        }
    }
}

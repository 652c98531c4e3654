/// `search/index.html` and the client's search index (``SearchIndex``): a search over every table of the
/// index, its results grouped by kind and linked to their pages. The search box on every page leads here
/// (`?q=`). Without JavaScript the page says so and links each list and its CSV instead.
enum SearchPage {
    static func build(_ site: SiteContext) -> SitePart {
        let tables = SearchIndex.tables(site)
        let lists: [[String: Any]] = PageKind.navigation.filter { $0.kind != .dashboard && $0.kind.isShown(in: site) }.map {
            ["label": site.t($0.label), "href": "../" + $0.href]
        }
        let page = PageModel(
            path: "search/index.html", template: "search", title: site.t("Search"), section: "search",
            context: [
                "lists": lists,
                // Filled in by the script, so their placeholders stay.
                "found": site.t("Results: {{count}}", ["count": "{{count}}"]), "none": site.t("Nothing found."),
                "more": site.t("{{count}} more not shown: add a word to narrow the search.", ["count": "{{count}}"]),
            ])
        return SitePart(pages: [page], files: [SearchIndex.file(site, tables)])
    }
}

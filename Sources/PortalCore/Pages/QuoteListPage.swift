/// `quotes/index.html` (and `page-N.html`): every quote the client may see, newest first (PORTAL_SPEC 4.9),
/// with its number, title, date, validity ("expired" once past it), amount in the quote's currency and status.
struct QuoteListPage {
    static func build(_ site: SiteContext) -> [PageModel] {
        let quotes = site.snapshot.quotes
        let pagination = Pagination(count: quotes.count, size: site.pageSize, base: "index")
        return (1...pagination.pageCount).map { page in
            let rows: [[String: Any]] = quotes[pagination.range(page)].map { quote in
                var row: [String: Any] = [
                    "number": Presentation.text(quote.number) ?? "", "href": "\(quote.id).html", "title": Presentation.text(quote.title) ?? "",
                    "date": site.format.date(quote.createdAt.date), "amount": site.money(quote.total, quote.currency),
                    "badge": QuoteDetailPage.badge(site, quote),
                    "expired": quote.isExpired(today: site.today),
                ]
                row["validUntil"] = quote.validUntil.map(site.format.date) ?? site.t("N/A")
                return row
            }
            let context: [String: Any] = [
                "rows": rows, "empty": quotes.isEmpty, "count": site.format.count(quotes.count), "pager": pagination.links(current: page) ?? false,
            ]
            return PageModel(
                path: "quotes/\(pagination.file(page))", template: "quotes", title: site.paged(site.t("Quotes"), page: page, of: pagination.pageCount),
                section: "quotes", context: context)
        }
    }
}

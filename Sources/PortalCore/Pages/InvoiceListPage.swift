import Foundation

/// The invoice lists: `invoices/index.html` (all), `paid.html`, `unpaid.html`, `overdue.html`, each a tab of a
/// ``TabbedList`` (its own pages, so the tabs work without JavaScript), with the tab's totals; the first tab
/// also lists the upcoming recurring invoices where the client's pages show them (``UpcomingInvoices``).
struct InvoiceListPage {
    struct Filter: Sendable {
        let id: String, label: String, title: String, base: String, empty: String
        let includes: @Sendable (InvoiceRecord, CalendarDate) -> Bool
    }

    static let filters: [Filter] = [
        Filter(id: "all", label: "All", title: "Invoices", base: "index", empty: "No invoices found") { _, _ in true },
        Filter(id: "paid", label: "Paid", title: "Paid invoices", base: "paid", empty: "No paid invoices") { invoice, _ in
            !invoice.isCancelled && invoice.isFullyPaid
        },
        Filter(id: "unpaid", label: "Unpaid", title: "Unpaid invoices", base: "unpaid", empty: "No unpaid invoices") { invoice, _ in
            !invoice.isCancelled && invoice.isUnpaid
        },
        Filter(id: "overdue", label: "Overdue", title: "Overdue invoices", base: "overdue", empty: "No overdue invoices") { invoice, today in
            !invoice.isCancelled && invoice.isOverdue(today: today)
        },
    ]

    static func build(_ site: SiteContext) -> [PageModel] {
        let invoices = site.snapshot.invoices
        let tabs = filters.map { filter in
            TabbedList<InvoiceRecord>.Tab(
                id: filter.id, label: filter.label, base: filter.base, items: invoices.filter { filter.includes($0, site.today) }, empty: filter.empty)
        }
        let titles = Dictionary(uniqueKeysWithValues: filters.map { ($0.id, $0.title) })
        let list = TabbedList(folder: "invoices", template: "invoices", section: "invoices", tabs: tabs)
        let upcoming = UpcomingInvoices.rows(site)
        let listFilter = ListFilter.context(
            site, table: "invoices", projects: invoices.map(\.projectID),
            statuses: [("paid", site.t("Paid")), ("unpaid", site.t("Unpaid")), ("overdue", site.t("Overdue")), ("cancelled", site.t("Cancelled"))])
        return list.pages(
            site, title: { site.t(titles[$0.id]!) },
            extra: { tab in
                let figures = InvoiceFigures(tab.items, today: site.today)
                return [
                    "filter": tab.id, "totals": site.moneyList(figures.invoiced.amounts), "outstanding": site.moneyList(figures.outstanding.amounts),
                    "hasTotals": !figures.invoiced.isEmpty, "upcoming": tab.id == "all" && !upcoming.isEmpty ? ["rows": upcoming] as Any : false,
                    "listFilter": listFilter,
                ]
            }
        ) { invoice in
            var row: [String: Any] = [
                "number": Presentation.text(invoice.number) ?? "", "href": "\(invoice.id).html",
                "issued": site.format.date(invoice.issueDate), "due": site.format.date(invoice.dueDate),
                "amount": site.money(invoice.total, invoice.currency),
                "badge": site.paymentBadge(invoice),
                "cancelled": invoice.isCancelled,
            ]
            if invoice.isOverdue(today: site.today) {
                row["daysOverdue"] = site.t("{{count}} day overdue", "{{count}} days overdue", count: invoice.dueDate.days(until: site.today))
            }
            if !invoice.isCancelled, !invoice.isFullyPaid, invoice.outstanding >= 0 {
                row["due_amount"] = site.money(invoice.outstanding, invoice.currency)
            }
            if !invoice.isCancelled, invoice.outstanding < 0 { row["credit"] = site.money(-invoice.outstanding, invoice.currency) }
            return row
        }
    }
}

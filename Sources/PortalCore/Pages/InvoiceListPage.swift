import Foundation

/// The invoice lists: `invoices/index.html` (all), `paid.html`, `unpaid.html`, `overdue.html`.
///
/// Each filter is its own page, so the tabs work without JavaScript.
struct InvoiceListPage {
    struct Filter: Sendable {
        let id: String, label: String, title: String, file: String, empty: String
        let includes: @Sendable (InvoiceRecord, CalendarDate) -> Bool
    }

    static let filters: [Filter] = [
        Filter(id: "all", label: "All", title: "Invoices", file: "index.html", empty: "No invoices found") { _, _ in true },
        Filter(id: "paid", label: "Paid", title: "Paid invoices", file: "paid.html", empty: "No paid invoices") { invoice, _ in
            !invoice.isCancelled && invoice.isFullyPaid
        },
        Filter(id: "unpaid", label: "Unpaid", title: "Unpaid invoices", file: "unpaid.html", empty: "No unpaid invoices") { invoice, _ in
            !invoice.isCancelled && invoice.isUnpaid
        },
        Filter(id: "overdue", label: "Overdue", title: "Overdue invoices", file: "overdue.html", empty: "No overdue invoices") { invoice, today in
            !invoice.isCancelled && invoice.isOverdue(today: today)
        },
    ]

    static func build(_ site: SiteContext) -> [PageModel] {
        let invoices = site.snapshot.invoices
        let matching = filters.map { filter in invoices.filter { filter.includes($0, site.today) } }
        return filters.enumerated().map { index, filter in
            let rows: [[String: Any]] = matching[index].map { invoice in
                var row: [String: Any] = [
                    "number": Presentation.text(invoice.number) ?? "", "href": "\(invoice.id).html",
                    "issued": site.format.date(invoice.issueDate), "due": site.format.date(invoice.dueDate),
                    "amount": site.money(invoice.total, invoice.currency),
                    "badge": site.paymentBadge(invoice),
                    "cancelled": invoice.isCancelled,
                ]
                if invoice.isOverdue(today: site.today) {
                    row["daysOverdue"] = site.t(
                        "{{count}} day overdue", "{{count}} days overdue", count: invoice.dueDate.days(until: site.today))
                }
                if !invoice.isCancelled, !invoice.isFullyPaid, invoice.outstanding >= 0 {
                    row["due_amount"] = site.money(invoice.outstanding, invoice.currency)
                }
                if !invoice.isCancelled, invoice.outstanding < 0 { row["credit"] = site.money(-invoice.outstanding, invoice.currency) }
                return row
            }
            let figures = InvoiceFigures(matching[index], today: site.today)
            let tabs: [[String: Any]] = filters.enumerated().map { tabIndex, tab in
                ["label": site.t(tab.label), "href": tab.file, "count": site.format.count(matching[tabIndex].count), "current": tab.id == filter.id]
            }
            let context: [String: Any] = [
                "filter": filter.id, "tabs": tabs, "rows": rows, "empty": rows.isEmpty, "emptyMessage": site.t(filter.empty),
                "filtered": filter.id != "all",
                "totals": site.moneyList(figures.invoiced.amounts), "outstanding": site.moneyList(figures.outstanding.amounts),
                "hasTotals": !figures.invoiced.isEmpty,
            ]
            let title = site.t(filter.title)
            return PageModel(path: "invoices/\(filter.file)", template: "invoices", title: title, section: "invoices", context: context)
        }
    }
}

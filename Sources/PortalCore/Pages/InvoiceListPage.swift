/// The invoice lists: `invoices/index.html` (all), `paid.html`, `unpaid.html`, `overdue.html`.
///
/// Each filter is its own page, so the tabs work without JavaScript.
struct InvoiceListPage {
    struct Filter: Sendable {
        let id: String, label: String, file: String, empty: String
        let includes: @Sendable (InvoiceRecord, CalendarDate) -> Bool
    }

    static let filters: [Filter] = [
        Filter(id: "all", label: "All", file: "index.html", empty: "No invoices found") { _, _ in true },
        Filter(id: "paid", label: "Paid", file: "paid.html", empty: "No paid invoices") { invoice, _ in
            !invoice.isCancelled && invoice.paymentStatus == "fully_paid"
        },
        Filter(id: "unpaid", label: "Unpaid", file: "unpaid.html", empty: "No unpaid invoices") { invoice, _ in
            !invoice.isCancelled && (invoice.paymentStatus == "unpaid" || invoice.paymentStatus == "partially_paid")
        },
        Filter(id: "overdue", label: "Overdue", file: "overdue.html", empty: "No overdue invoices") { invoice, today in
            !invoice.isCancelled && invoice.isOverdue(today: today)
        },
    ]

    static func build(_ site: SiteContext) -> [PageOutput] {
        let invoices = site.snapshot.invoices
        let matching = filters.map { filter in invoices.filter { filter.includes($0, site.today) } }
        return filters.enumerated().map { index, filter in
            let rows: [[String: Any]] = matching[index].map { invoice in
                var row: [String: Any] = [
                    "number": Presentation.text(invoice.number) ?? "", "href": "\(invoice.id).html",
                    "issued": site.format.date(invoice.issueDate), "due": site.format.date(invoice.dueDate),
                    "amount": Money(invoice.total, invoice.currency).formatted,
                    "badge": Presentation.paymentBadge(invoice, today: site.today),
                    "cancelled": invoice.isCancelled,
                ]
                if invoice.isOverdue(today: site.today) { row["daysOverdue"] = invoice.dueDate.days(until: site.today) }
                if !invoice.isCancelled, invoice.paymentStatus != "fully_paid", invoice.outstanding >= 0 {
                    row["due_amount"] = Money(invoice.outstanding, invoice.currency).formatted
                }
                if !invoice.isCancelled, invoice.outstanding < 0 { row["credit"] = Money(-invoice.outstanding, invoice.currency).formatted }
                return row
            }
            let figures = InvoiceFigures(matching[index], today: site.today)
            let tabs: [[String: Any]] = filters.enumerated().map { tabIndex, tab in
                ["label": tab.label, "href": tab.file, "count": matching[tabIndex].count, "current": tab.id == filter.id]
            }
            let context: [String: Any] = [
                "filter": filter.id, "tabs": tabs, "rows": rows, "empty": rows.isEmpty, "emptyMessage": filter.empty,
                "filtered": filter.id != "all",
                "totals": Presentation.money(figures.invoiced.amounts), "outstanding": Presentation.money(figures.outstanding.amounts),
                "hasTotals": !figures.invoiced.isEmpty,
            ]
            let title = filter.id == "all" ? "Invoices" : "\(filter.label) invoices"
            return PageOutput(path: "invoices/\(filter.file)", template: "invoices", title: title, section: "invoices", context: context)
        }
    }
}

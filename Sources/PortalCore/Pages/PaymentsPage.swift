/// `payments/index.html` (and `page-N.html`): every payment of the client's invoices, newest first, with
/// its date, invoice, method, amount and status. Payments of cancelled invoices are listed too; only
/// completed ones count in the totals.
struct PaymentsPage {
    static func build(_ site: SiteContext) -> [PageModel] {
        let payments = payments(site)
        var received = MoneyTotals()
        for (invoice, payment) in payments where payment.status == "completed" && !invoice.isCancelled {
            received.add(Money.rounded(payment.amount), invoice.currency)
        }
        let pagination = Pagination(count: payments.count, size: site.pageSize, base: "index")
        let listFilter = ListFilter.context(
            site, table: "payments", projects: payments.map(\.0.projectID),
            statuses: Set(payments.map(\.1.status)).sorted().map { ($0, site.status($0)) })
        return (1...pagination.pageCount).map { page in
            let rows: [[String: Any]] = payments[pagination.range(page)].map { invoice, payment in
                let currency = payment.currency?.uppercased() ?? invoice.currency
                return [
                    "date": site.format.date(payment.date), "invoice": Presentation.text(invoice.number) ?? "", "href": "../invoices/\(invoice.id).html",
                    "method": payment.method.map(site.paymentMethod) ?? "—", "amount": site.money(payment.amount, currency),
                    "status": site.status(payment.status),
                    "tone": payment.status == "completed" ? "success" : payment.status == "failed" ? "danger" : "warning",
                ]
            }
            let context: [String: Any] = [
                "rows": rows, "empty": payments.isEmpty, "received": site.moneyList(received.amounts), "hasReceived": !received.isEmpty,
                "count": site.format.count(payments.count), "pager": pagination.links(current: page) ?? false, "listFilter": listFilter,
            ]
            return PageModel(
                path: "payments/\(pagination.file(page))", template: "payments", title: site.paged(site.t("Payments"), page: page, of: pagination.pageCount),
                section: "payments", context: context)
        }
    }

    /// Every payment of the client's invoices with its invoice, newest first.
    static func payments(_ site: SiteContext) -> [(InvoiceRecord, PaymentRecord)] {
        site.snapshot.invoices.flatMap { invoice in invoice.payments.map { (invoice, $0) } }.sorted { ($0.1.date, $0.1.id) > ($1.1.date, $1.1.id) }
    }
}

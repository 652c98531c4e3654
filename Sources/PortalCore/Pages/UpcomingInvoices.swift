import Foundation

/// The recurring invoices TimeTracker will issue the client (``RecurringInvoiceRecord``), for the invoice list and
/// the dashboard: name, project, next date, how often, until when, and, where the client's pages show work not
/// yet invoiced and rates, what the next one would bill today (the project's work not yet invoiced with its tax).
enum UpcomingInvoices {
    static func rows(_ site: SiteContext) -> [[String: Any]] {
        guard site.shown.upcoming else { return [] }
        return site.snapshot.recurringInvoices.map { plan in
            var row: [String: Any] = [
                "name": Presentation.text(plan.name) ?? "", "project": Presentation.text(site.projectName(plan.projectID)) ?? "",
                "next": site.format.date(plan.nextRunDate),
            ]
            if let every = every(site, plan) { row["every"] = every }
            if let end = plan.endDate { row["until"] = site.format.date(end) }
            if site.shown.unbilled, site.shown.rates, plan.billsUnbilledTime, let amount = site.unbilled?.line(project: plan.projectID)?.amount {
                let total = (amount * (100 + plan.taxRate) / 100).rounded(2)
                row["estimate"] = site.money(total, plan.currency ?? site.projectCurrency)
            }
            return row
        }
    }

    /// "Every month", "Every 2 weeks"; nil for a frequency TimeTracker does not know.
    static func every(_ site: SiteContext, _ plan: RecurringInvoiceRecord) -> String? {
        switch plan.frequency {
        case "daily": site.t("Every day", "Every {{count}} days", count: plan.interval)
        case "weekly": site.t("Every week", "Every {{count}} weeks", count: plan.interval)
        case "monthly": site.t("Every month", "Every {{count}} months", count: plan.interval)
        case "yearly": site.t("Every year", "Every {{count}} years", count: plan.interval)
        default: nil
        }
    }
}

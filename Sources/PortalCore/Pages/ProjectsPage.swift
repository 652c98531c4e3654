import Foundation

/// `projects/index.html`: the client's active projects with hours, entry counts, rates and progress bars.
struct ProjectsPage {
    static func build(_ site: SiteContext) -> PageModel {
        var hours: [Int64: Hours] = [:]
        var billable: [Int64: Hours] = [:]
        var counts: [Int64: Int] = [:]
        for entry in site.snapshot.entries {
            guard let projectID = entry.projectID else { continue }
            hours[projectID, default: .zero] += entry.hours
            if entry.billable { billable[projectID, default: .zero] += entry.hours }
            counts[projectID, default: 0] += 1
        }
        let projects: [[String: Any]] = site.snapshot.activeProjects.map { project in
            let worked = hours[project.id] ?? .zero
            var card: [String: Any] = [
                "id": project.id,
                "name": Presentation.text(project.name) ?? "",
                "status": site.status(project.status),
                "hours": site.format.hours(worked),
                "entries": site.format.count(counts[project.id] ?? 0),
                "entriesHref": site.shows(.timeEntries) ? "../time-entries/project-\(project.id).html" : "",
            ]
            if let description = Presentation.text(project.description) { card["description"] = description }
            if site.shown.rates, let rate = project.hourlyRate, rate != 0 { card["rate"] = site.money(rate, site.projectCurrency) }
            card["bars"] = Self.bars(site, project, worked: worked, billable: billable[project.id] ?? .zero)
            return card
        }
        return PageModel(
            path: "projects/index.html", template: "projects", title: site.t("Projects"), section: "projects",
            context: [
                "projects": projects, "empty": projects.isEmpty, "client": Presentation.text(site.snapshot.client.name) ?? "",
                "currencyNote": site.currencyNote,
            ])
    }

    /// Hours against the estimate, and cost (billable hours × hourly rate: non-billable time costs the client
    /// nothing) against the budget, when those exist and the client's pages show rates (the cost gives the rate away).
    static func bars(_ site: SiteContext, _ project: ProjectRecord, worked: Hours, billable: Hours) -> [[String: Any]] {
        let currency = site.projectCurrency
        var bars: [[String: Any]] = []
        if let estimate = project.estimatedHours, estimate > 0 {
            let (percent, over) = Presentation.progress(worked.asDouble, of: estimate)
            bars.append([
                "label": site.t("Hours vs estimate"),
                "value": site.t(
                    "{{worked}} of {{limit}}", ["worked": site.format.hours(worked), "limit": site.format.number(Decimal(estimate), fraction: 1) + "h"]),
                "percent": percent, "over": over,
            ])
        }
        if site.shown.rates, let budget = project.budgetAmount, budget > 0, let rate = project.hourlyRate {
            let cost = Decimal(billable.centi) / 100 * rate
            let (percent, over) = Presentation.progress(NSDecimalNumber(decimal: cost).doubleValue, of: NSDecimalNumber(decimal: budget).doubleValue)
            bars.append([
                "label": site.t("Cost vs budget (billable hours)"),
                "value": site.t("{{worked}} of {{limit}}", ["worked": site.money(cost, currency), "limit": site.money(budget, currency)]),
                "percent": percent, "over": over,
            ])
        }
        return bars
    }
}

import Foundation

/// `projects/index.html`: the client's active projects with hours, entry counts, rates and progress bars.
struct ProjectsPage {
    static func build(_ site: SiteContext) -> PageOutput {
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
                "status": Presentation.titleCase(project.status),
                "hours": worked.short,
                "entries": counts[project.id] ?? 0,
                "entriesHref": site.branding.showTimeEntries ? "../time-entries/project-\(project.id).html" : "",
            ]
            if let description = Presentation.text(project.description) { card["description"] = description }
            if let rate = project.hourlyRate, rate != 0 { card["rate"] = Money(rate, site.currency).formatted }
            card["bars"] = Self.bars(project, worked: worked, billable: billable[project.id] ?? .zero, currency: site.currency)
            return card
        }
        return PageOutput(
            path: "projects/index.html", template: "projects", title: "Projects", section: "projects",
            context: ["projects": projects, "empty": projects.isEmpty, "client": Presentation.text(site.snapshot.client.name) ?? ""])
    }

    /// Hours against the estimate, and cost (billable hours × hourly rate: non-billable time costs the client
    /// nothing) against the budget, when those exist.
    static func bars(_ project: ProjectRecord, worked: Hours, billable: Hours, currency: String) -> [[String: Any]] {
        var bars: [[String: Any]] = []
        if let estimate = project.estimatedHours, estimate > 0 {
            let (percent, over) = Presentation.progress(worked.asDouble, of: estimate)
            bars.append([
                "label": "Hours vs estimate", "value": "\(worked.short) of \(String(format: "%.1fh", estimate))",
                "percent": percent, "over": over,
            ])
        }
        if let budget = project.budgetAmount, budget > 0, let rate = project.hourlyRate {
            let cost = Decimal(billable.centi) / 100 * rate
            let (percent, over) = Presentation.progress(NSDecimalNumber(decimal: cost).doubleValue, of: NSDecimalNumber(decimal: budget).doubleValue)
            bars.append([
                "label": "Cost vs budget (billable hours)", "value": "\(Money(cost, currency).formatted) of \(Money(budget, currency).formatted)",
                "percent": percent, "over": over,
            ])
        }
        return bars
    }
}

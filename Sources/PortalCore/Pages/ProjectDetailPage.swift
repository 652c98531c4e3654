import Foundation

/// `projects/<id>.html`: one active project with its figures and progress bars, its tasks and their status,
/// its most recent entries, and its client-visible comments as a thread, oldest first (never an internal
/// one: they never leave ``ClientScope``).
struct ProjectDetailPage {
    /// Recent entries shown; the project's full list is on its time-entries page.
    static let recentEntries = 20

    static func build(_ site: SiteContext, _ project: ProjectRecord) -> PageModel {
        let entries = site.snapshot.entries.filter { $0.projectID == project.id }
        let worked = entries.reduce(Hours.zero) { $0 + $1.hours }
        var context: [String: Any] = [
            "id": project.id, "status": site.status(project.status), "hours": site.format.hours(worked), "entries": site.format.count(entries.count),
            "bars": ProjectsPage.bars(site, project, worked: worked, billable: entries.reduce(Hours.zero) { $1.billable ? $0 + $1.hours : $0 }),
            "currencyNote": site.currencyNote,
        ]
        if let description = Presentation.text(project.description) { context["description"] = description }
        if site.shown.rates, let rate = project.hourlyRate, rate != 0 { context["rate"] = site.money(rate, site.projectCurrency) }
        if site.shows(.unbilled), let line = site.unbilled?.line(project: project.id) {
            let hours = site.format.hours(line.hours)
            context["unbilled"] = site.shown.rates ? "\(hours) · \(site.money(line.amount ?? 0, site.projectCurrency))" : hours
        }
        let tasks: [[String: Any]] = site.snapshot.tasks.filter { $0.projectID == project.id }.map { task in
            ["name": Presentation.text(task.name) ?? "", "status": site.status(task.status), "tone": tone(task.status)]
        }
        context["tasks"] = tasks
        context["hasTasks"] = !tasks.isEmpty
        let comments: [[String: Any]] = site.snapshot.comments.filter { $0.projectID == project.id }.reversed().map { comment in
            let author = comment.userID.map { site.staffName($0) } ?? comment.contactID.flatMap { site.snapshot.contacts[$0] } ?? site.t("Unknown")
            return [
                "author": Presentation.text(author) ?? "", "content": Presentation.text(comment.content) ?? "",
                "when": site.format.dateTime(comment.createdAt), "iso": comment.createdAt.description, "fromClient": comment.contactID != nil,
            ]
        }
        context["comments"] = comments
        context["hasComments"] = !comments.isEmpty
        context["hasEntries"] = site.shows(.timeEntries) && !entries.isEmpty
        if site.shows(.timeEntries), !entries.isEmpty {
            context["entriesHref"] = "../time-entries/project-\(project.id).html"
            context["timeEntries"] = entries.prefix(recentEntries).map(site.entryRow)
        }
        if let base = site.timetrackerURL { context["commentURL"] = "\(base)/client-portal/projects/\(project.id)/comments" }
        return PageModel(
            path: "projects/\(project.id).html", template: "project", title: Presentation.text(project.name) ?? "", section: "projects", context: context)
    }

    static func tone(_ status: String) -> String {
        switch status {
        case "done", "completed": "success"
        case "in_progress", "review": "info"
        case "cancelled": "neutral"
        default: "warning"
        }
    }
}

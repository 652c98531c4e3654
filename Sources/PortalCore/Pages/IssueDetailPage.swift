/// `issues/<id>.html`: one issue (PORTAL_SPEC 4.11) with its description as escaped text (line breaks kept),
/// status, priority, project, task, assignee (username) and its dates.
struct IssueDetailPage {
    static func build(_ site: SiteContext, _ issue: IssueRecord) -> PageModel {
        var context: [String: Any] = [
            "status": status(site, issue), "priority": priority(site, issue), "created": site.format.dateTime(issue.createdAt),
            "description": Presentation.text(issue.description) ?? "", "hasDescription": issue.description != nil,
        ]
        if let projectID = issue.projectID { context["project"] = Presentation.text(site.projectName(projectID)) ?? "" }
        if let task = issue.taskID.flatMap({ site.snapshot.issueTasks[$0] }) { context["task"] = Presentation.text(task) ?? "" }
        if site.shown.staffNames, let assignee = issue.assignedTo.flatMap({ site.snapshot.usernames[$0] }) {
            context["assignee"] = Presentation.text(assignee) ?? ""
        }
        if let updated = issue.updatedAt, updated != issue.createdAt { context["updated"] = site.format.dateTime(updated) }
        if let resolved = issue.resolvedAt { context["resolved"] = site.format.dateTime(resolved) }
        return PageModel(path: "issues/\(issue.id).html", template: "issue", title: Presentation.text(issue.title) ?? "", section: "issues", context: context)
    }

    static func status(_ site: SiteContext, _ issue: IssueRecord) -> [String: Any] {
        let tone = ["open": "info", "in_progress": "warning", "resolved": "success"][issue.status] ?? "neutral"
        return ["text": site.status(issue.status), "tone": tone]
    }

    /// PORTAL_SPEC 4.11's colours: urgent red, high orange, medium yellow, low grey.
    static func priority(_ site: SiteContext, _ issue: IssueRecord) -> [String: Any] {
        let tone = ["urgent": "danger", "high": "warning", "medium": "info"][issue.priority] ?? "neutral"
        return ["text": site.status(issue.priority), "tone": tone]
    }
}

import Foundation

/// `issues/index.html` (all) and one page per status tab (`open.html`, `in-progress.html`, `resolved.html`,
/// `closed.html`), for a client whose portal has issues enabled (PORTAL_SPEC 4.11): most urgent first (by
/// real priority, where TimeTracker sorts the words as text), then newest.
struct IssueListPage {
    static let statuses = [("open", "Open"), ("in_progress", "In progress"), ("resolved", "Resolved"), ("closed", "Closed")]

    static func build(_ site: SiteContext) -> [PageModel] {
        let issues = site.snapshot.issues
        let tabs =
            [TabbedList<IssueRecord>.Tab(id: "all", label: "All", base: "index", items: issues, empty: "No issues found")]
            + statuses.map { status, label in
                .init(
                    id: status, label: label, base: status.replacingOccurrences(of: "_", with: "-"), items: issues.filter { $0.status == status },
                    empty: "No \(label.lowercased()) issues")
            }
        let list = TabbedList(folder: "issues", template: "issues", section: "issues", tabs: tabs)
        return list.pages(site, title: { site.t($0.id == "all" ? "Issues" : "\($0.label) issues") }) { issue in
            var row: [String: Any] = [
                "title": Presentation.text(issue.title) ?? "", "href": "\(issue.id).html", "status": IssueDetailPage.status(site, issue),
                "priority": IssueDetailPage.priority(site, issue), "created": site.format.date(issue.createdAt.date),
            ]
            if let projectID = issue.projectID { row["project"] = Presentation.text(site.projectName(projectID)) ?? "" }
            if let description = Presentation.text(issue.description) { row["excerpt"] = Presentation.truncated(description, 200) }
            return row
        }
    }
}

/// `approvals/index.html` (pending, the default as in TimeTracker), `approved.html`, `rejected.html` and
/// `all.html`: every approval request of the client (PORTAL_SPEC 4.10, full history rather than the newest
/// 100), newest request first, each linking to its detail page.
struct ApprovalListPage {
    static func build(_ site: SiteContext) -> [PageModel] {
        let approvals = site.snapshot.approvals
        let tabs: [TabbedList<ApprovalRecord>.Tab] = [
            .init(id: "pending", label: "Pending", base: "index", items: approvals.filter { $0.status == "pending" }, empty: "Nothing waits for your approval"),
            .init(id: "approved", label: "Approved", base: "approved", items: approvals.filter { $0.status == "approved" }, empty: "No approved entries"),
            .init(id: "rejected", label: "Rejected", base: "rejected", items: approvals.filter { $0.status == "rejected" }, empty: "No rejected entries"),
            .init(id: "all", label: "All", base: "all", items: approvals, empty: "No approval requests"),
        ]
        let list = TabbedList(folder: "approvals", template: "approvals", section: "approvals", tabs: tabs)
        return list.pages(site, title: { site.t($0.id == "pending" ? "Approvals" : "\($0.label) approvals") }) { approval in
            var row: [String: Any] = [
                "entry": site.t("Time entry #{{id}}", ["id": String(approval.timeEntryID)]), "href": "\(approval.id).html",
                "project": site.projectName(approval.projectID),
                "requested": site.format.dateTime(approval.requestedAtUTC.converted(fromUTCTo: site.snapshot.settings.timeZone)),
                "badge": ApprovalDetailPage.badge(site, approval),
            ]
            if let entry = approval.entry {
                row["date"] = site.format.date(entry.start.date)
                row["hours"] = site.format.hoursNumber(entry.hours)
            }
            if let comment = Presentation.text(approval.requestComment) { row["comment"] = comment }
            return row
        }
    }
}

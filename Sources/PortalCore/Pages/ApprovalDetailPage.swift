/// `approvals/<id>.html`: one approval request with the time entry it is about (PORTAL_SPEC 4.10): project,
/// task, date, start and end, duration, billable, notes (escaped, line breaks kept), tags, the request's
/// comment, the answer with its time, and who asked. Answering happens in TimeTracker: a link there while
/// the request is pending.
struct ApprovalDetailPage {
    static func build(_ site: SiteContext, _ approval: ApprovalRecord) -> PageModel {
        let zone = site.snapshot.settings.timeZone
        func local(_ utc: LocalDateTime) -> String { site.format.dateTime(utc.converted(fromUTCTo: zone)) }
        var context: [String: Any] = [
            "project": site.projectName(approval.projectID), "badge": badge(site, approval),
            "requested": local(approval.requestedAtUTC),
            "requestedBy": site.shown.staffNames
                ? approval.requestedBy.flatMap { site.snapshot.usernames[$0] }.flatMap(Presentation.text) ?? site.t("N/A")
                : Presentation.text(site.teamName) ?? "",
            "task": site.t("No task"), "entryMissing": approval.entry == nil,
        ]
        if let entry = approval.entry {
            if let task = entry.taskID.flatMap({ site.tasksByID[$0] }) { context["task"] = Presentation.text(task.name) ?? "" }
            context["date"] = site.format.date(entry.start.date)
            context["start"] = site.format.time(entry.start)
            context["end"] = entry.end.map(site.format.time) ?? site.t("N/A")
            context["hours"] = site.format.hoursNumber(entry.hours)
            context["billable"] = entry.billable
            if let notes = Presentation.text(entry.notes) { context["notes"] = notes }
            let tags = (site.shown.tags ? entry.tags ?? "" : "").split(separator: ",").map { String(Presentation.trimmed($0)) }.filter { !$0.isEmpty }
            if !tags.isEmpty {
                context["tags"] = tags.map { ["tag": Presentation.text($0) ?? ""] }
                context["hasTags"] = true
            }
        }
        if let comment = Presentation.text(approval.requestComment) { context["requestComment"] = comment }
        if approval.status == "approved" {
            var answer: [String: Any] = [:]
            if let comment = Presentation.text(approval.approvalComment) { answer["comment"] = comment }
            if let at = approval.approvedAtUTC { answer["at"] = local(at) }
            context["approved"] = answer
        }
        if approval.status == "rejected" {
            var answer: [String: Any] = [:]
            if let reason = Presentation.text(approval.rejectionReason) { answer["reason"] = reason }
            if let at = approval.rejectedAtUTC { answer["at"] = local(at) }
            context["rejected"] = answer
        }
        if let base = site.timetrackerURL, approval.status == "pending" { context["reviewURL"] = "\(base)/client-portal/approvals/\(approval.id)" }
        return PageModel(
            path: "approvals/\(approval.id).html", template: "approval", title: site.t("Time entry #{{id}}", ["id": String(approval.timeEntryID)]),
            section: "approvals", context: context)
    }

    /// PORTAL_SPEC 4.10's colours: pending yellow, approved green, rejected red, anything else grey.
    static func badge(_ site: SiteContext, _ approval: ApprovalRecord) -> [String: Any] {
        let tone =
            switch approval.status {
            case "pending": "warning"
            case "approved": "success"
            case "rejected": "danger"
            default: "neutral"
            }
        return ["text": site.status(approval.status), "tone": tone]
    }
}

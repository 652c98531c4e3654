import Foundation

/// `activity/`: the client-visible timeline of project and time-entry activities, public comments, and the
/// business events of the client's documents (invoices issued and paid, quotes sent, accepted and declined,
/// approvals requested and answered), newest first, paginated. UTC times are converted to the TimeTracker
/// time zone. Only the events listed here reach the timeline: the allow-list is this code.
struct ActivityPage {
    struct Item {
        let time: LocalDateTime
        let id: String
        let context: [String: Any]
    }

    static func build(_ site: SiteContext) -> [PageModel] {
        let zone = site.snapshot.settings.timeZone
        var items: [Item] = []
        // The entries of time-entry activities, looked up by id (most clients' feeds have none: no lookup then).
        let entries =
            site.snapshot.activities.contains { $0.entityType == "time_entry" }
            ? Dictionary(site.snapshot.entries.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a }) : [:]
        for activity in site.snapshot.activities {
            let local = activity.createdAtUTC.converted(fromUTCTo: zone)
            items.append(
                Item(
                    time: local, id: "a\(activity.id)",
                    context: [
                        "kind": activity.entityType == "time_entry" ? "time" : "project",
                        "title": sentence(site, activity, entry: activity.entityType == "time_entry" ? entries[activity.entityID] : nil),
                        "action": action(site, activity.action),
                        "project": Presentation.text(site.projectName(activity.projectID)) ?? "",
                        "user": Presentation.text(site.staffName(activity.userID)) ?? "",
                        "when": site.format.dateTime(local), "iso": local.description,
                    ]))
        }
        for comment in site.snapshot.comments {
            let author = comment.userID.map { site.staffName($0) } ?? comment.contactID.flatMap { site.snapshot.contacts[$0] } ?? site.t("Unknown")
            let content = Presentation.text(comment.content) ?? ""
            items.append(
                Item(
                    time: comment.createdAt, id: "c\(comment.id)",
                    context: [
                        "kind": "comment", "title": Presentation.truncated(content, 200), "action": site.t("Commented"), "comment": true,
                        "project": Presentation.text(site.projectName(comment.projectID)) ?? "", "user": Presentation.text(author) ?? "",
                        "when": site.format.dateTime(comment.createdAt), "iso": comment.createdAt.description,
                    ]))
        }
        items += documentEvents(site)
        items.sort { ($0.time, $0.id) > ($1.time, $1.id) }
        let pagination = Pagination(count: items.count, size: site.pageSize, base: "index")
        return (1...pagination.pageCount).map { page in
            let slice = items[pagination.range(page)].map(\.context)
            return PageModel(
                path: "activity/\(pagination.file(page))", template: "activity",
                title: site.paged(site.t("Activity"), page: page, of: pagination.pageCount), section: "activity",
                context: ["items": Array(slice), "empty": slice.isEmpty, "pager": pagination.links(current: page) ?? false])
        }
    }

    /// Invoice, quote and approval events, each linking to its page. Date-only events (an invoice's issue
    /// date, a payment's date) sort at the start of their day and show the date alone.
    static func documentEvents(_ site: SiteContext) -> [Item] {
        let zone = site.snapshot.settings.timeZone
        var items: [Item] = []
        func add(_ kind: String, _ id: String, _ action: String, _ title: String, href: String, at time: LocalDateTime, dateOnly: Bool = false) {
            items.append(
                Item(
                    time: time, id: id,
                    context: [
                        "kind": kind, "title": title, "action": site.t(action), "href": "../\(href)",
                        "when": dateOnly ? site.format.date(time.date) : site.format.dateTime(time), "iso": dateOnly ? time.date.iso : time.description,
                    ]))
        }
        func startOf(_ date: CalendarDate) -> LocalDateTime { LocalDateTime(date: date, secondOfDay: 0) }
        if site.shows(.invoices) {
            for invoice in site.snapshot.invoices {
                let number = Presentation.text(invoice.number) ?? ""
                let href = "invoices/\(invoice.id).html"
                add(
                    "invoice", "i\(invoice.id)", "Issued",
                    site.t("Invoice {{number}} issued: {{amount}}", ["number": number, "amount": site.money(invoice.total, invoice.currency)]), href: href,
                    at: startOf(invoice.issueDate), dateOnly: true)
                for payment in invoice.payments where payment.status == "completed" && payment.amount > 0 {
                    add(
                        "invoice", "p\(payment.id)", "Paid",
                        site.t(
                            "Payment of {{amount}} received for invoice {{number}}",
                            ["amount": site.money(payment.amount, payment.currency?.uppercased() ?? invoice.currency), "number": number]),
                        href: href, at: startOf(payment.date), dateOnly: true)
                }
            }
        }
        if site.shows(.quotes) {
            for quote in site.snapshot.quotes {
                let number = Presentation.text(quote.number) ?? ""
                let href = "quotes/\(quote.id).html"
                add(
                    "quote", "qs\(quote.id)", "Sent",
                    site.t("Quote {{number}} sent: {{amount}}", ["number": number, "amount": site.money(quote.total, quote.currency)]),
                    href: href, at: quote.sentAt ?? quote.createdAt)
                if quote.status == "accepted", let at = quote.acceptedAt {
                    add("quote", "qa\(quote.id)", "Accepted", site.t("Quote {{number}} accepted", ["number": number]), href: href, at: at)
                }
                if quote.status == "rejected", let at = quote.rejectedAt {
                    add("quote", "qr\(quote.id)", "Declined", site.t("Quote {{number}} declined", ["number": number]), href: href, at: at)
                }
            }
        }
        for approval in site.snapshot.approvals {
            let href = "approvals/\(approval.id).html"
            let id = ["id": String(approval.timeEntryID)]
            add(
                "approval", "ar\(approval.id)", "Requested", site.t("Approval of time entry #{{id}} requested", id), href: href,
                at: approval.requestedAtUTC.converted(fromUTCTo: zone))
            if approval.status == "approved", let at = approval.approvedAtUTC {
                add("approval", "aa\(approval.id)", "Approved", site.t("Time entry #{{id}} approved", id), href: href, at: at.converted(fromUTCTo: zone))
            }
            if approval.status == "rejected", let at = approval.rejectedAtUTC {
                add("approval", "aj\(approval.id)", "Rejected", site.t("Time entry #{{id}} rejected", id), href: href, at: at.converted(fromUTCTo: zone))
            }
        }
        return items
    }

    /// TimeTracker's activity as a sentence for the client, in their language: its own `description` is
    /// written for staff ("Created time entry for X - 04:00:00"), so the portal composes its own from what
    /// happened, who did it and, for time, the entry's hours as every page shows them.
    static func sentence(_ site: SiteContext, _ activity: ActivityRecord, entry: TimeEntryRecord?) -> String {
        let user = Presentation.text(site.staffName(activity.userID)) ?? ""
        let project = Presentation.text(site.projectName(activity.projectID)) ?? ""
        let values = ["user": user, "project": project, "hours": entry.map { site.format.hours($0.hours) } ?? ""]
        switch (activity.entityType, activity.action) {
        case ("time_entry", "created"), ("time_entry", "stopped"):
            return entry == nil ? site.t("{{user}} logged time on {{project}}", values) : site.t("{{user}} logged {{hours}} on {{project}}", values)
        case ("time_entry", "started"): return site.t("{{user}} started a timer on {{project}}", values)
        case ("time_entry", "updated"): return site.t("{{user}} edited a time entry on {{project}}", values)
        case ("time_entry", "deleted"): return site.t("{{user}} removed a time entry from {{project}}", values)
        case ("project", "created"): return site.t("Project {{project}} was created", values)
        case ("project", "archived"): return site.t("Project {{project}} was archived", values)
        case ("project", "unarchived"), ("project", "activated"): return site.t("Project {{project}} is active again", values)
        case ("project", "deleted"): return site.t("Project {{project}} was removed", values)
        case ("project", _): return site.t("Project {{project}} was updated", values)
        default: return site.t("{{user}} worked on {{project}}", values)
        }
    }

    /// The activity's badge: its action in the client's words.
    static func action(_ site: SiteContext, _ action: String) -> String {
        let known = ["created": "Created", "updated": "Updated", "deleted": "Deleted", "started": "Started", "stopped": "Stopped", "archived": "Archived"]
        return known[action].map { site.t($0) } ?? Presentation.titleCase(action)
    }
}

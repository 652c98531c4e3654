/// `activity/`: the client-visible timeline of project and time-entry activities and public comments,
/// newest first, paginated. Activity times (stored in UTC) are converted to the TimeTracker time zone.
struct ActivityPage {
    struct Item {
        let time: LocalDateTime
        let id: String
        let context: [String: Any]
    }

    static func build(_ site: SiteContext) -> [PageOutput] {
        let zone = site.snapshot.settings.timeZone
        var items: [Item] = []
        for activity in site.snapshot.activities {
            let local = activity.createdAtUTC.converted(fromUTCTo: zone)
            let description = Presentation.text(activity.description) ?? "\(Presentation.titleCase(activity.action)) \(activity.entityType.replacingOccurrences(of: "_", with: " "))"
            items.append(
                Item(
                    time: local, id: "a\(activity.id)",
                    context: [
                        "kind": activity.entityType == "time_entry" ? "time" : "project",
                        "title": description, "action": Presentation.titleCase(activity.action),
                        "project": Presentation.text(site.projectName(activity.projectID)) ?? "", "user": Presentation.text(site.userName(activity.userID)) ?? "",
                        "when": site.format.dateTime(local), "iso": local.description,
                    ]))
        }
        for comment in site.snapshot.comments {
            let author = comment.userID.map { site.userName($0) } ?? comment.contactID.flatMap { site.snapshot.contacts[$0] } ?? "Unknown"
            let content = Presentation.text(comment.content) ?? ""
            items.append(
                Item(
                    time: comment.createdAt, id: "c\(comment.id)",
                    context: [
                        "kind": "comment", "title": Presentation.truncated(content, 200), "action": "Commented", "comment": true,
                        "project": Presentation.text(site.projectName(comment.projectID)) ?? "", "user": Presentation.text(author) ?? "",
                        "when": site.format.dateTime(comment.createdAt), "iso": comment.createdAt.description,
                    ]))
        }
        items.sort { ($0.time, $0.id) > ($1.time, $1.id) }
        let pagination = Pagination(count: items.count, size: site.pageSize, base: "index")
        return (1...pagination.pageCount).map { page in
            let slice = items[pagination.range(page)].map(\.context)
            return PageOutput(
                path: "activity/\(pagination.file(page))", template: "activity",
                title: pagination.pageCount > 1 ? "Activity (page \(page) of \(pagination.pageCount))" : "Activity", section: "activity",
                context: ["items": Array(slice), "empty": slice.isEmpty, "pager": pagination.links(current: page) ?? false])
        }
    }
}

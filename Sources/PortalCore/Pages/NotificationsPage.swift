/// `notifications/index.html` (all) and `unread.html`: the client's notifications as of the build
/// (PORTAL_SPEC 4.13, every one rather than the newest 100), newest first, each link rewritten to the
/// static page it names, or left out when that page does not exist.
struct NotificationsPage {
    /// `pages`: the paths of the site's other pages, which links may point to.
    static func build(_ site: SiteContext, linking pages: Set<String>) -> [PageModel] {
        let notifications = site.snapshot.notifications
        let tabs: [TabbedList<NotificationRecord>.Tab] = [
            .init(id: "all", label: "All", base: "index", items: notifications, empty: "No notifications"),
            .init(id: "unread", label: "Unread", base: "unread", items: notifications.filter { !$0.isRead }, empty: "No unread notifications"),
        ]
        let list = TabbedList(folder: "notifications", template: "notifications", section: "notifications", tabs: tabs)
        return list.pages(site, title: { site.t($0.id == "all" ? "Notifications" : "Unread notifications") }) { notification in
            var row: [String: Any] = [
                "title": Presentation.text(notification.title) ?? "", "type": site.notificationType(notification.type),
                "time": site.format.dateTime(notification.createdAt), "unread": !notification.isRead,
            ]
            if let message = Presentation.text(notification.message) { row["message"] = message }
            if let href = link(notification.linkURL, pages: pages) {
                row["href"] = href
                row["linkText"] = Presentation.text(notification.linkText) ?? site.t("View details")
            }
            return row
        }
    }

    /// TimeTracker's portal path → the static page, relative to `notifications/`: invoices, quotes and
    /// approvals by id; nil for anything else or a page this site does not have.
    static func link(_ url: String?, pages: Set<String>) -> String? {
        guard let url, url.hasPrefix("/client-portal/") else { return nil }
        let parts = url.dropFirst("/client-portal/".count).split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, ["invoices", "quotes", "approvals"].contains(parts[0]), let id = Int64(parts[1]) else { return nil }
        let path = "\(parts[0])/\(id).html"
        return pages.contains(path) ? "../\(path)" : nil
    }
}

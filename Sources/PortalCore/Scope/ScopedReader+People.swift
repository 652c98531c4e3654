/// The names pages show beside rows: staff by username or display name, the client's contacts.
extension ScopedReader {
    /// Usernames of `ids` (who requested an approval, who is assigned an issue), as TimeTracker's portal names
    /// them; "N/A" for a user without one.
    func usernames(_ ids: Set<Int64>) throws -> [Int64: String] {
        guard !ids.isEmpty else { return [:] }
        var usernames: [Int64: String] = [:]
        for (id, name) in try fetch("users", "SELECT id, username FROM users WHERE id IN (\(ids.sqlList))", { (try $0.int("id"), $0.nonEmptyText("username")) })
        {
            usernames[id] = name ?? "N/A"
        }
        return usernames
    }

    /// Display names of the users `ids` (who booked an entry, wrote a comment, did something in the feed).
    func displayNames(_ ids: Set<Int64>) throws -> [Int64: String] {
        guard !ids.isEmpty else { return [:] }
        var users: [Int64: String] = [:]
        for person in try fetch(
            "users", "SELECT \(columns("users", ["id", "username", "full_name"], alias: nil)) FROM users WHERE id IN (\(ids.sqlList))",
            { try PersonRecord(user: &$0) })
        {
            users[person.id] = person.displayName
        }
        return users
    }

    /// Display names of the client's contacts.
    func contacts() throws -> [Int64: String] {
        var contacts: [Int64: String] = [:]
        for person in try records("contacts", ["id", "first_name", "last_name", "email"], order: "x.id", { try PersonRecord(contact: &$0) }) {
            contacts[person.id] = person.displayName
        }
        return contacts
    }

    /// The client's branding row, if any.
    func customization() throws -> CustomizationRecord? {
        try records("client_portal_customizations", CustomizationRecord.columns, order: "x.id LIMIT 1") { CustomizationRecord(&$0) }.first
    }

    /// The client's dashboard layout (the row without a user), if any.
    func dashboardLayout() throws -> DashboardLayout? {
        try records("client_portal_dashboard_preferences", ["widget_ids", "widget_order"], order: "x.id LIMIT 1") { reader in
            DashboardLayout(widgetIDs: reader.json("widget_ids") as? [String] ?? [], widgetOrder: reader.json("widget_order") as? [String])
        }.first
    }
}

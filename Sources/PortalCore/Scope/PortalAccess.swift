/// Who gets a portal and who may sign in to it, as TimeTracker decides it (PORTAL_SPEC section 1), spelled in
/// SQL once: the accounts (``PortalAccount``), the clients they qualify (``ClientDirectory``), the portal users'
/// languages and the change fingerprint all take their conditions from here.
///
/// Each condition is over the bare table (no alias) and allows for older schemas: a column TimeTracker added
/// later is required only where the schema has it, and a table without the columns that make an account has
/// none (nil).
enum PortalAccess {
    /// The clients that may have a portal at all: active ones (an inactive client's logins open nothing).
    static let client = "status = 'active'"

    /// The `users` rows that open their client's portal: staff accounts with portal access, a client, and (where
    /// TimeTracker records it) still active.
    static func portalUsers(_ schema: TimeTrackerSchema) -> String? {
        guard schema.has("users", "client_id"), schema.has("users", "client_portal_enabled") else { return nil }
        return "client_portal_enabled IS TRUE AND client_id IS NOT NULL" + (schema.has("users", "is_active") ? " AND is_active IS TRUE" : "")
    }

    /// The `clients` rows whose own portal login opens their portal: enabled, with a login name and (where the
    /// schema has the column) a password.
    static func clientLogins(_ schema: TimeTrackerSchema) -> String? {
        guard schema.has("clients", "portal_username"), schema.has("clients", "portal_enabled") else { return nil }
        return "portal_enabled IS TRUE AND COALESCE(portal_username, '') <> ''"
            + (schema.has("clients", "portal_password_hash") ? " AND COALESCE(portal_password_hash, '') <> ''" : "")
    }
}

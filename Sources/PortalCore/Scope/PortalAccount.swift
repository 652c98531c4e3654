/// A login that opens one client's portal, as TimeTracker decides it (PORTAL_SPEC section 1): a client's own
/// portal login (`clients.portal_enabled`, `portal_username` and `portal_password_hash` set) or a staff user
/// with portal access (`users.client_portal_enabled`, `client_id`, `is_active`), by ``PortalAccess``'s conditions.
/// The one reading of who may sign in: an active client with an account gets a portal (``ClientDirectory``), and
/// the nginx login map (``PortalLogins``) and the daemon's sign-in start from the same accounts.
package struct PortalAccount: Sendable, Hashable {
    package enum Kind: String, Sendable, Hashable {
        case clientLogin = "client"
        case portalUser = "user"
    }

    package var login: String
    package var clientID: Int64
    package var kind: Kind
    /// TimeTracker's werkzeug hash (`scrypt:32768:8:1$salt$hex`, `pbkdf2:sha256:600000$salt$hex`); nil when
    /// the row has none (a portal user whose password is managed elsewhere).
    package var passwordHash: String?
    /// Portal users may sign in with their e-mail address too, as TimeTracker's login form allows.
    package var email: String?

    package init(login: String, clientID: Int64, kind: Kind, passwordHash: String?, email: String? = nil) {
        self.login = login
        self.clientID = clientID
        self.kind = kind
        self.passwordHash = passwordHash
        self.email = email
    }

    /// The accounts whose client gets a portal (has a slug in `slugs`), by login as TimeTracker and nginx compare
    /// logins: ignoring case. Case twins of one client are one login (the last account wins); a login that names
    /// two clients is left out and listed in `ambiguous`: never guess which client's data to show.
    package static func byLogin(
        _ accounts: [PortalAccount], slugs: [Int64: String]
    ) -> (
        logins: [String: (account: PortalAccount, slug: String)], ambiguous: [String]
    ) {
        var logins: [String: (account: PortalAccount, slug: String)] = [:]
        var ambiguous = Set<String>()
        for account in accounts {
            guard let slug = slugs[account.clientID] else { continue }  // the client does not qualify (inactive, disabled)
            let key = account.login.lowercased()
            if let existing = logins[key], existing.account.clientID != account.clientID { ambiguous.insert(key) }
            logins[key] = (account, slug)
        }
        for login in ambiguous { logins[login] = nil }
        return (logins, ambiguous.sorted())
    }

    /// Every account in TimeTracker's database, read-only in one short transaction.
    package static func read(from database: PortalDatabase) throws -> [PortalAccount] {
        try database.read { try read($0) }
    }

    /// Every account, read in `db`'s transaction.
    static func read(_ db: any SourceSnapshot) throws -> [PortalAccount] {
        let schema = db.schema
        var accounts: [PortalAccount] = []
        do {
            if let portalUsers = PortalAccess.portalUsers(schema) {
                let hash = schema.has("users", "password_hash") ? "password_hash" : "NULL"
                let email = schema.has("users", "email") ? "email" : "NULL"
                for row in try db.rows("SELECT username, client_id, \(hash), \(email) FROM users WHERE \(portalUsers) ORDER BY id", columns: 4) {
                    if let login = row.text(0), let id = row.int(1) {
                        accounts.append(PortalAccount(login: login, clientID: id, kind: .portalUser, passwordHash: row.text(2), email: row.text(3)))
                    }
                }
            }
            if let clientLogins = PortalAccess.clientLogins(schema) {
                let hash = schema.has("clients", "portal_password_hash") ? "portal_password_hash" : "NULL"
                for row in try db.rows("SELECT portal_username, id, \(hash) FROM clients WHERE \(clientLogins) ORDER BY id", columns: 3) {
                    if let login = row.text(0), let id = row.int(1) {
                        accounts.append(PortalAccount(login: login, clientID: id, kind: .clientLogin, passwordHash: row.text(2)))
                    }
                }
            }
        }
        return accounts
    }
}

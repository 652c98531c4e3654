/// Decides which clients get a portal (PORTAL_SPEC.md section 1) and gives each a stable, unique slug.
package enum ClientDirectory {
    /// The clients that get a portal, and the portal accounts they were chosen by.
    package typealias Portals = (clients: [PortalClient], accounts: [PortalAccount])

    /// The clients that get a portal and the portal accounts (``PortalAccount``) they were chosen by, read in one
    /// transaction: an active client with at least one account gets a portal. Only a build, which publishes at
    /// the slugs, `records` them in the slug registry; listing clients, checking and sign-in leave it alone.
    package static func portals(
        in database: PortalDatabase, configuration: PortalConfiguration, recording: Bool = false
    ) throws -> Portals {
        let (rows, accounts) = try database.read { db in
            let accounts = try PortalAccount.read(db)
            let owners = Set(accounts.map(\.clientID))
            let rows = try db.rows("SELECT id, name FROM clients WHERE \(PortalAccess.client) ORDER BY id", columns: 2).filter {
                $0.int(0).map(owners.contains) ?? false
            }
            return (rows, accounts)
        }
        let named = rows.compactMap { row in row.int(0).map { (id: $0, name: row.text(1) ?? "") } }
        let registry = SlugRegistry(output: configuration.output)
        var clients = assignSlugs(named, configuration: configuration, previous: registry.read())
        if recording { registry.write(clients) }
        // The portal users' languages matter only to clients without a locale of their own in config.json.
        let unset = clients.contains { ownLocale(of: $0) == nil }
        let preferred = unset ? try preferredLanguages(in: database) : [:]
        for index in clients.indices {
            clients[index].locale = locale(of: clients[index], preferred: preferred[clients[index].id] ?? [], configuration: configuration)
        }
        return (clients.filter { $0.settings?.enabled ?? true }, accounts)
    }

    /// A client's locale: its own in config.json, else the `preferred_language` its portal users agree on,
    /// else the configuration's, else English.
    static func locale(of client: PortalClient, preferred: Set<String>, configuration: PortalConfiguration) -> PortalLocale {
        if let locale = ownLocale(of: client) { return locale }
        if preferred.count == 1, let locale = PortalLocale(preferred.first!, source: .portalUsers) { return locale }
        return configuration.locale ?? .english
    }

    /// The locale config.json gives the client itself, if any.
    static func ownLocale(of client: PortalClient) -> PortalLocale? {
        client.settings?.locale.flatMap { PortalLocale($0, source: .client) }
    }

    /// The `preferred_language` values of each client's active portal users (TimeTracker stores `de`, `pt_BR`).
    static func preferredLanguages(in database: PortalDatabase) throws -> [Int64: Set<String>] {
        guard database.schema.has("users", "preferred_language"), let portalUsers = PortalAccess.portalUsers(database.schema) else { return [:] }
        let sql = "SELECT client_id, preferred_language FROM users WHERE \(portalUsers) AND COALESCE(preferred_language, '') <> ''"
        let rows = try database.read { try $0.rows(sql, columns: 2) }
        var result: [Int64: Set<String>] = [:]
        for row in rows {
            guard let id = row.int(0), let text = row.text(1), let locale = PortalLocale(text, source: .portalUsers) else { continue }
            result[id, default: []].insert(locale.identifier)
        }
        return result
    }

    /// Gives every client a slug: the configured one, else one made from the name; the lowest id keeps a
    /// contested slug and later ids get `-<id>` appended, so existing URLs never move when a twin appears.
    /// A client keeps the slug it had before (`previous`), even after a rename, so its site never moves.
    static func assignSlugs(
        _ clients: [(id: Int64, name: String)], configuration: PortalConfiguration, previous: [Int64: String] = [:]
    ) -> [PortalClient] {
        var taken = Set<String>()
        var result: [PortalClient] = []
        let configured = clients.compactMap { client in
            configuration.settings(forClientID: client.id, slug: nil)?.slug
        }
        taken.formUnion(configured)
        let ids = Set(clients.map(\.id))
        var kept: [Int64: String] = [:]
        for (id, slug) in previous where ids.contains(id) && !taken.contains(slug) && ClientSlug.isValid(slug) {
            kept[id] = slug
            taken.insert(slug)
        }
        // A slug once given is never given to another client: until nginx reloads its map, the old
        // client's login would be served the newcomer's site, and slug-keyed settings would move with it.
        for (id, slug) in previous where !ids.contains(id) { taken.insert(slug) }
        for client in clients.sorted(by: { $0.id < $1.id }) {
            var settings = configuration.settings(forClientID: client.id, slug: nil)
            var slug: String
            if let fixed = settings?.slug {
                slug = fixed
            } else if let earlier = kept[client.id] {
                slug = earlier
                settings = settings ?? configuration.settings(forClientID: client.id, slug: slug)
            } else {
                let base = ClientSlug.make(from: client.name)
                slug = base.isEmpty ? "client-\(client.id)" : base
                while taken.contains(slug) { slug += "-\(client.id)" }
                taken.insert(slug)
                settings = settings ?? configuration.settings(forClientID: client.id, slug: slug)
            }
            result.append(
                PortalClient(
                    id: client.id, name: client.name, slug: slug, theme: settings?.theme ?? configuration.theme, settings: settings,
                    trustsCustomHTML: configuration.clients[String(client.id)]?.trustCustomHTML ?? false,
                    shown: ShowSettings.decided(client: settings?.show, configuration: configuration.show)))
        }
        return result
    }
}

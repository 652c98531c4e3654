import Foundation

/// Everything an admin sets in `config.json`. Relative paths are resolved against the config file's folder.
///
/// Unknown keys are errors naming the key's path, so a typo never silently falls back to a default.
package struct PortalConfiguration: Sendable {
    /// TimeTracker's database, opened read-only: a SQLite file or a PostgreSQL URI. Required.
    package var database: DatabaseLocation
    /// The primary to `LISTEN` on when `database` is a hot standby (which no `NOTIFY` reaches): a PostgreSQL
    /// URI, with the same role and password variable as `database`. A notification's clients are built once
    /// the standby has replayed the primary's position at notification time. The default is none.
    package var notifyDatabase: DatabaseLocation?
    /// The folder that receives one directory per client. The default is `output`.
    package var output: URL
    /// The folder of themes of ones own, beside the built-in ones (which it may override file by file). The
    /// default is `Themes` next to the configuration; it need not exist.
    package var themes: URL
    /// The theme of clients without their own choice. The default is `default`.
    package var theme: String
    /// The day the portal is built for (`YYYY-MM-DD`), for reproducible builds. The default is today in the
    /// TimeTracker time zone (`settings.timezone`).
    package var today: CalendarDate?
    /// Rows per page for long lists (time entries, activity). The default is 50.
    package var pageSize: Int
    /// TimeTracker's public URL, e.g. `https://tt.example.com`. When set, read-only pages link to TimeTracker
    /// for actions (pay, comment). The default is none: such actions are left out.
    package var timetrackerURL: String?
    /// TimeTracker's static folder, the one that holds `uploads/` (in a TimeTracker checkout `app/static`):
    /// where the documents a client may see are copied from. The default is none: documents are listed
    /// as "not available".
    package var uploads: URL?
    /// Documents larger than this many megabytes are listed but not copied. The default is 25.
    var documentMaxMegabytes: Int = 25
    /// Whether invoices, quotes and statements get a PDF (made with WeasyPrint). The default is yes when
    /// WeasyPrint can be imported; false turns them off (pages keep their print button).
    package var pdf = true
    /// The paper every client's PDFs are printed on, unless its own settings say; nil (the default): each
    /// client's region decides (US Letter in the Americas that use it, A4 elsewhere).
    var paper: PaperSize?
    /// The locale of clients that neither their own settings nor their portal users choose one for
    /// (`"de-DE"`). The default is English as portalgen wrote it before it had languages.
    package var locale: PortalLocale?
    /// Details every client's pages hide unless its own `show` says otherwise (``ShowSettings``).
    package var show: ShowSettings?
    /// Per-client settings keyed by client id or slug.
    package var clients: [String: ClientSettings]
    /// The daemon's settings.
    package var server: ServerSettings
    /// The generated nginx configuration's settings.
    package var proxy: ProxySettings
    /// The file this configuration was read from, if any.
    package var source: URL?
    /// Where portalgen keeps what it writes besides the sites (the nginx login map): a folder its user may
    /// write, never the config's (often root-owned `/etc/portalgen`). The default is `.portalgen-state` in
    /// the output folder, which nginx never serves (dotfiles).
    package var state: URL {
        get { stateFolder ?? output.appendingPathComponent(OutputFolder.defaultStateName) }
        set { stateFolder = newValue }
    }
    private var stateFolder: URL?

    package init(
        database: DatabaseLocation, output: URL, themes: URL, theme: String = "default", today: CalendarDate? = nil,
        pageSize: Int = 100, timetrackerURL: String? = nil, clients: [String: ClientSettings] = [:],
        server: ServerSettings = ServerSettings(), proxy: ProxySettings = ProxySettings(), source: URL? = nil
    ) {
        self.database = database
        self.output = output
        self.themes = themes
        self.theme = theme
        self.today = today
        self.pageSize = pageSize
        self.timetrackerURL = timetrackerURL
        self.clients = clients
        self.server = server
        self.proxy = proxy
        self.source = source
    }

    /// Reads and validates a configuration file.
    package static func load(from file: URL) throws -> PortalConfiguration {
        let data: Data
        do {
            data = try Data(contentsOf: file)
        } catch {
            throw ConfigurationError(
                file: file.path, message: "cannot be read (\(error.localizedDescription)); pass --config with the path of your config.json")
        }
        let raw: RawConfiguration
        do {
            raw = try JSONDecoder().decode(RawConfiguration.self, from: data)
        } catch let error as DecodingError {
            throw ConfigurationError(file: file.path, message: ConfigurationError.describe(error))
        } catch {
            throw ConfigurationError(file: file.path, message: "is not valid JSON: \(error.localizedDescription)")
        }
        let base = file.deletingLastPathComponent()
        func resolve(_ path: String) -> URL {
            path.hasPrefix("/") ? URL(fileURLWithPath: path) : base.appendingPathComponent(path).standardizedFileURL
        }
        var today: CalendarDate?
        if let text = raw.today {
            guard let date = CalendarDate(iso: text) else {
                throw ConfigurationError(file: file.path, message: "key \"today\" must be a date like 2026-11-20, not \"\(text)\"")
            }
            today = date
        }
        let pageSize = raw.pageSize ?? 100
        guard (5...10_000).contains(pageSize) else {
            throw ConfigurationError(file: file.path, message: "key \"pageSize\" must be from 5 to 10000, not \(pageSize)")
        }
        if let url = raw.timetrackerURL {
            let lower = url.lowercased()
            guard lower.hasPrefix("https://") || lower.hasPrefix("http://"), URL(string: url)?.host != nil else {
                throw ConfigurationError(
                    file: file.path, message: "key \"timetrackerURL\" must be TimeTracker's http(s) address like https://tt.example.com, not \"\(url)\"")
            }
        }
        var clients = raw.clients ?? [:]
        var locale: PortalLocale?
        if let text = raw.locale {
            guard let parsed = PortalLocale(text, source: .configuration) else {
                throw ConfigurationError(file: file.path, message: "key \"locale\" must be a language tag like \"de\" or \"de-DE\", not \"\(text)\"")
            }
            locale = parsed
        }
        for (key, settings) in clients {
            if let text = settings.locale, PortalLocale(text, source: .client) == nil {
                throw ConfigurationError(
                    file: file.path, message: "key \"clients.\(key).locale\" must be a language tag like \"de\" or \"de-DE\", not \"\(text)\"")
            }
            if let text = settings.paper, PaperSize(named: text) == nil {
                throw ConfigurationError(file: file.path, message: "key \"clients.\(key).paper\" must be \"A4\" or \"letter\", not \"\(text)\"")
            }
        }
        var paper: PaperSize?
        if let text = raw.paper {
            guard let parsed = PaperSize(named: text) else {
                throw ConfigurationError(file: file.path, message: "key \"paper\" must be \"A4\" or \"letter\", not \"\(text)\"")
            }
            paper = parsed
        }
        for (key, settings) in clients {
            if let slug = settings.slug, !ClientSlug.isValid(slug) {
                throw ConfigurationError(
                    file: file.path,
                    message: "key \"clients.\(key).slug\" must be lowercase letters, digits and single hyphens (like \"acme-gmbh\"), not \"\(slug)\""
                )
            }
            try settings.branding?.validate(path: "clients.\(key).branding", file: file.path)
            clients[key] = settings
        }
        let database: DatabaseLocation
        do {
            database = try DatabaseLocation.parse(raw.database, passwordEnv: raw.databasePasswordEnv, resolve: resolve)
        } catch let error as ConfigurationError {
            throw ConfigurationError(file: file.path, message: error.message)
        }
        var notifyDatabase: DatabaseLocation?
        if let uri = raw.notifyDatabase {
            let notify = try? DatabaseLocation.parse(uri, passwordEnv: raw.databasePasswordEnv, resolve: resolve)
            guard database.sqlitePath == nil, let notify, notify.sqlitePath == nil else {
                throw ConfigurationError(
                    file: file.path,
                    message:
                        "key \"notifyDatabase\" names the PostgreSQL primary of a hot standby in \"database\": a postgresql:// URI, and only with a PostgreSQL \"database\"; remove it otherwise"
                )
            }
            notifyDatabase = notify
        }
        if raw.databasePasswordEnv != nil, database.sqlitePath != nil {
            throw ConfigurationError(file: file.path, message: "key \"databasePasswordEnv\" applies to a PostgreSQL \"database\" only; remove it")
        }
        // One slug, one folder: two clients configured with the same slug would share a site and a login map entry.
        var slugOwners: [String: [String]] = [:]
        for (key, settings) in clients { if let slug = settings.slug { slugOwners[slug, default: []].append(key) } }
        if let (slug, keys) = slugOwners.sorted(by: { $0.key < $1.key }).first(where: { $0.value.count > 1 }) {
            throw ConfigurationError(
                file: file.path,
                message: "\(keys.sorted().map { "clients.\($0)" }.joined(separator: " and ")) both set the slug \"\(slug)\"; give each client its own")
        }
        let server = raw.server ?? ServerSettings()
        try server.validate(file: file.path)
        let documentMax = raw.documentMaxMegabytes ?? 25
        guard (1...2048).contains(documentMax) else {
            throw ConfigurationError(file: file.path, message: "key \"documentMaxMegabytes\" must be from 1 to 2048, not \(documentMax)")
        }
        var configuration = PortalConfiguration(
            database: database, output: resolve(raw.output ?? "output"), themes: resolve(raw.themes ?? "Themes"),
            theme: raw.theme ?? "default", today: today, pageSize: pageSize, timetrackerURL: raw.timetrackerURL,
            clients: clients, server: server, proxy: (raw.proxy ?? ProxySettings()).resolved(against: resolve), source: file
        )
        configuration.notifyDatabase = notifyDatabase
        configuration.uploads = raw.uploads.map(resolve)
        if let state = raw.state { configuration.state = resolve(state) }
        configuration.locale = locale
        configuration.documentMaxMegabytes = documentMax
        configuration.pdf = raw.pdf ?? true
        configuration.paper = paper
        configuration.show = raw.show
        return configuration
    }

    /// `trustCustomHTML` under a slug is ignored (a slug can come to name another client; an id cannot).
    static func slugKeyedTrustWarning(key: String, _ settings: ClientSettings) -> String? {
        guard settings.trustCustomHTML == true, Int64(key) == nil else { return nil }
        return
            "clients.\(key).trustCustomHTML is ignored: trust is keyed by client id only; move it under the client's id (\"clients\": {\"<id>\": {\"trustCustomHTML\": true}}, `portalgen clients` lists ids)"
    }

    /// The settings for a client, looked up by id and by slug (id wins when both exist).
    package func settings(forClientID id: Int64, slug: String?) -> ClientSettings? {
        if let byID = clients[String(id)] { return byID }
        if let slug, let bySlug = clients[slug] { return bySlug }
        return nil
    }
}

/// The JSON shape of `config.json`.
struct RawConfiguration: Decodable {
    var database: String
    var databasePasswordEnv: String?
    var notifyDatabase: String?
    var output: String?
    var themes: String?
    var theme: String?
    var today: String?
    var pageSize: Int?
    var timetrackerURL: String?
    var uploads: String?
    var documentMaxMegabytes: Int?
    var pdf: Bool?
    var paper: String?
    var locale: String?
    var clients: [String: ClientSettings]?
    var show: ShowSettings?
    var server: ServerSettings?
    var proxy: ProxySettings?
    var state: String?

    enum CodingKeys: String, CodingKey, CaseIterable {
        case database, databasePasswordEnv, notifyDatabase, output, themes, theme, today, pageSize, timetrackerURL, uploads, documentMaxMegabytes, pdf, paper,
            locale, clients,
            show, server, proxy, state
    }

    init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        database = try c.decode(String.self, forKey: .database)
        databasePasswordEnv = try c.decodeIfPresent(String.self, forKey: .databasePasswordEnv)
        notifyDatabase = try c.decodeIfPresent(String.self, forKey: .notifyDatabase)
        output = try c.decodeIfPresent(String.self, forKey: .output)
        themes = try c.decodeIfPresent(String.self, forKey: .themes)
        theme = try c.decodeIfPresent(String.self, forKey: .theme)
        today = try c.decodeIfPresent(String.self, forKey: .today)
        pageSize = try c.decodeIfPresent(Int.self, forKey: .pageSize)
        timetrackerURL = try c.decodeIfPresent(String.self, forKey: .timetrackerURL)
        uploads = try c.decodeIfPresent(String.self, forKey: .uploads)
        pdf = try c.decodeIfPresent(Bool.self, forKey: .pdf)
        paper = try c.decodeIfPresent(String.self, forKey: .paper)
        documentMaxMegabytes = try c.decodeIfPresent(Int.self, forKey: .documentMaxMegabytes)
        locale = try c.decodeIfPresent(String.self, forKey: .locale)
        clients = try c.decodeIfPresent([String: ClientSettings].self, forKey: .clients)
        show = try c.decodeIfPresent(ShowSettings.self, forKey: .show)
        server = try c.decodeIfPresent(ServerSettings.self, forKey: .server)
        proxy = try c.decodeIfPresent(ProxySettings.self, forKey: .proxy)
        state = try c.decodeIfPresent(String.self, forKey: .state)
    }
}

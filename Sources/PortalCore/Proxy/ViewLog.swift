import Foundation

/// nginx's views log (`proxy.viewsLog`, written in the `portalgen_views` format ``NginxConfig`` declares), read
/// back: who opened which of a client's documents (invoices, credit notes, quotes, statements, their PDFs and
/// e-invoices, year archives, uploaded documents), first and last and how often; and which requests were
/// refused (403: a login with no portal, or a path outside the login's own folder).
///
/// A view is a request answered 200, 206 or 304 (a browser showing its cached copy after asking); PDF viewers
/// may fetch a file in several ranges, each counted. Lines that are not the format's JSON (another log's,
/// a cut-off last line) are counted as skipped, never fatal. Times are as nginx wrote them (its local time,
/// with the offset).
package struct ViewLog: Sendable {
    /// One login's views of one document.
    package struct Viewer: Sendable, Hashable, Codable {
        package var login: String
        package var first: String
        package var last: String
        package var count: Int
    }

    /// A document of a client and who opened it, newest view first.
    package struct Document: Sendable, Hashable, Codable {
        package var client: String
        package var path: String
        /// `invoice`, `credit note`, `quote`, `statement`, `archive` or `document`.
        package var kind: String
        package var viewers: [Viewer]
        package var last: String { viewers.map(\.last).max() ?? "" }
    }

    /// Refused requests of one login for one path.
    package struct Refusal: Sendable, Hashable, Codable {
        package var login: String
        package var client: String
        package var path: String
        package var status: Int
        package var first: String
        package var last: String
        package var count: Int
    }

    /// Every document viewed, by client and path.
    package var documents: [Document] {
        views.map { key, viewers in
            Document(
                client: key.client, path: key.path, kind: Self.kind(of: key.path) ?? "",
                viewers: viewers.values.sorted { ($0.last, $0.login) > ($1.last, $1.login) })
        }.sorted { ($0.client, $0.path) < ($1.client, $1.path) }
    }
    /// Refused requests, newest first.
    package var refused: [Refusal] { refusals.values.sorted { ($0.last, $0.login, $0.path) > ($1.last, $1.login, $1.path) } }
    /// Lines that were not views-log JSON.
    package private(set) var skipped = 0

    private struct Key: Hashable {
        var client: String
        var path: String
    }
    private var views: [Key: [String: Viewer]] = [:]
    private var refusals: [String: Refusal] = [:]
    private let client: String?
    private let since: String?

    /// What a line says.
    struct Line: Decodable {
        var time: String
        var login: String
        var client: String
        var path: String
        var status: Int
    }

    /// The views in `text` (the log's lines) of `client` (a slug) from `since` on (an ISO date or date and
    /// time, compared with the log's own times); both nil for all.
    package init(_ text: String = "", client: String? = nil, since: String? = nil) {
        self.client = client
        self.since = since
        add(text)
    }

    /// Adds the views of more lines (what nginx appended since).
    package mutating func add(_ text: String) {
        let decoder = JSONDecoder()
        for line in text.split(whereSeparator: \.isNewline) where !line.isEmpty {
            guard var entry = try? decoder.decode(Line.self, from: Data(line.utf8)) else {
                skipped += 1
                continue
            }
            // Logins reach nginx percent-encoded from the daemon (timetracker mode); "-" or "" is no login.
            entry.login = entry.login.removingPercentEncoding ?? entry.login
            if entry.login.isEmpty { entry.login = "-" }
            entry.path = Self.normalized(entry.path)
            if let client, entry.client != client { continue }
            if let since, entry.time < since { continue }
            if entry.status == 403 {
                let key = "\(entry.login)\u{0}\(entry.client)\u{0}\(entry.path)"
                var refusal =
                    refusals[key]
                    ?? Refusal(login: entry.login, client: entry.client, path: entry.path, status: 403, first: entry.time, last: entry.time, count: 0)
                refusal.count += 1
                refusal.first = min(refusal.first, entry.time)
                refusal.last = max(refusal.last, entry.time)
                refusals[key] = refusal
                continue
            }
            guard [200, 206, 304].contains(entry.status), entry.client != "-", Self.kind(of: entry.path) != nil else { continue }
            let key = Key(client: entry.client, path: entry.path)
            var viewer = views[key]?[entry.login] ?? Viewer(login: entry.login, first: entry.time, last: entry.time, count: 0)
            viewer.count += 1
            viewer.first = min(viewer.first, entry.time)
            viewer.last = max(viewer.last, entry.time)
            views[key, default: [:]][entry.login] = viewer
        }
    }

    /// The log file at `url`; a missing file is an empty log (nothing viewed yet).
    package init(contentsOf url: URL, client: String? = nil, since: String? = nil) throws {
        guard FileManager.default.fileExists(atPath: url.path) else {
            self.init("", client: client, since: since)
            return
        }
        do {
            let data = try Data(contentsOf: url)
            self.init(String(decoding: data, as: UTF8.self), client: client, since: since)
        } catch {
            throw ConfigurationError(
                file: url.path,
                message:
                    "cannot read the views log: \(error.localizedDescription); let portalgen's user read it (on Debian, add it to the adm group) or set proxy.viewsLog"
            )
        }
    }

    /// `path` as the file it names: `/statement/` and nginx's `/statement//index.html` (its `try_files` of a
    /// folder) are both `/statement/index.html`.
    static func normalized(_ path: String) -> String {
        var parts = path.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        if path.hasSuffix("/") || parts.isEmpty { parts.append("index.html") }
        return "/" + parts.joined(separator: "/")
    }

    /// What kind of document `path` (a site path, as nginx's `$uri`) is; nil for pages that are not documents.
    static func kind(of path: String) -> String? {
        let parts = path.split(separator: "/", omittingEmptySubsequences: true)
        guard let section = parts.first else { return nil }
        let name = parts.count > 1 ? String(parts[1]) : ""
        let stem = name.split(separator: ".").first.map(String.init) ?? ""
        switch section {
        case "invoices" where parts.count == 2 && stem.first?.isNumber == true: return stem.contains("-credit-") ? "credit note" : "invoice"
        case "quotes" where parts.count == 2 && stem.first?.isNumber == true: return "quote"
        case "statement": return "statement"
        case "archive" where name.hasSuffix(".zip"): return "archive"
        case "documents" where name == "files": return "document"
        default: return nil
        }
    }

    /// The newest view of any of `paths` of `client` (an invoice's page, PDF and e-invoice), for `/admin/status`.
    package func lastView(client: String, paths: [String]) -> Viewer? {
        paths.compactMap { path in views[Key(client: client, path: path)]?.values.max { ($0.last, $0.login) < ($1.last, $1.login) } }
            .max { ($0.last, $0.login) < ($1.last, $1.login) }
    }
}

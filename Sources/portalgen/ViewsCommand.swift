import ArgumentParser
import Foundation
import PortalCore

/// `portalgen views`: who opened which document, from nginx's views log (`proxy.viewsLog`).
struct ViewsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "views",
        abstract: "List who opened each client's invoices, quotes, statements, PDFs and archives, from nginx's views log.",
        discussion: """
            Per document: each login's first and last view and how many requests it made (PDF viewers may \
            fetch a file in parts). Requests nginx refused (403) are listed apart. Times are nginx's, with its offset.
            """)

    @OptionGroup var options: ConfigOptions

    @Option(help: "Only this client (slug or id).")
    var client: String?

    @Option(help: "Only views from this day (2026-12-01) or moment (2026-12-01T09:00) on.")
    var since: String?

    @Option(help: "Read this log instead of proxy.viewsLog.")
    var log: String?

    @Flag(help: "Print JSON instead of a table.")
    var json = false

    func run() async throws {
        let configuration = try options.load()
        guard let path = log ?? (configuration.proxy.viewsLog.isEmpty ? nil : configuration.proxy.viewsLog) else {
            throw CommandError("proxy.viewsLog is \"\": nginx logs no views. Set it (the default is /var/log/nginx/portalgen-views.log) and rerun proxy-config")
        }
        if let since, !(since.count >= 10 && CalendarDate(iso: String(since.prefix(10))) != nil) {
            throw ValidationError("--since \(since): give a day (2026-12-01) or a day and time (2026-12-01T09:00)")
        }
        var slug = client
        if let client, Int64(client) != nil {
            guard let found = try Portal(configuration: configuration).clients().first(where: { String($0.id) == client }) else {
                throw CommandError("no client with id \(client) gets a portal (portalgen clients lists them)")
            }
            slug = found.slug
        }
        let views: ViewLog
        do {
            views = try ViewLog(contentsOf: URL(fileURLWithPath: path), client: slug, since: since)
        } catch let error as ConfigurationError {
            throw CommandError(error.description)
        }
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            struct Report: Encodable {
                var documents: [ViewLog.Document]
                var refused: [ViewLog.Refusal]
                var skippedLines: Int
            }
            print(String(decoding: try encoder.encode(Report(documents: views.documents, refused: views.refused, skippedLines: views.skipped)), as: UTF8.self))
            return
        }
        if views.documents.isEmpty && views.refused.isEmpty {
            print("no views in \(path)\(slug.map { " of \($0)" } ?? "")\(since.map { " since \($0)" } ?? "")")
        }
        var current = ""
        for document in views.documents {
            if document.client != current {
                current = document.client
                print(current)
            }
            let title = Self.title(configuration.output.appendingPathComponent(document.client), document.path)
            print("  \(document.kind) \(document.path.dropFirst())\(title.map { " (\($0))" } ?? "")")
            let width = max(10, document.viewers.map(\.login.count).max() ?? 10)
            for viewer in document.viewers {
                print(
                    "    " + viewer.login.padding(toLength: width + 2, withPad: " ", startingAt: 0) + "first \(viewer.first)  last \(viewer.last)  "
                        + (viewer.count == 1 ? "1 view" : "\(viewer.count) views"))
            }
        }
        if !views.refused.isEmpty {
            print("refused (403: a login without a portal, or a path outside its own folder)")
            for refusal in views.refused {
                print("  \(refusal.login) (folder \(refusal.client)) \(refusal.path)  \(refusal.count)×, last \(refusal.last)")
            }
        }
        if views.skipped > 0 { printError("\(views.skipped) lines of \(path) were not views-log lines and were skipped") }
    }

    /// The `<title>` of the page a document path is (or of the page its PDF or e-invoice belongs to), from the
    /// client's published site, without the portal's name.
    static func title(_ site: URL, _ path: String) -> String? {
        var page = String(path.dropFirst())
        for suffix in [".pdf", ".xml"] where page.hasSuffix(suffix) { page = String(page.dropLast(suffix.count)) + ".html" }
        if page.hasSuffix("/") || page == "statement" { page += page.hasSuffix("/") ? "index.html" : "/index.html" }
        guard page.hasSuffix(".html"), let data = FileManager.default.contents(atPath: site.appendingPathComponent(page).path) else { return nil }
        let html = String(decoding: data.prefix(4096), as: UTF8.self)
        guard let start = html.range(of: "<title>"), let end = html.range(of: "</title>", range: start.upperBound..<html.endIndex) else { return nil }
        let title = String(html[start.upperBound..<end.lowerBound])
        let shown = title.range(of: " - ", options: .backwards).map { String(title[..<$0.lowerBound]) } ?? title
        return shown.replacingOccurrences(of: "&amp;", with: "&").replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&#39;", with: "'")
    }
}

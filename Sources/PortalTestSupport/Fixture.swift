import Foundation
import GRDB
import PortalCore
import PortalDemo
import PortalPostgres

/// A temporary folder with a demo database, a configuration and (after ``build()``) a built portal.
///
/// Each test gets its own folder; the demo's clock is fixed, so figures are reproducible.
package final class Fixture: @unchecked Sendable {
    package let folder: URL
    package let databasePath: String
    package var configuration: PortalConfiguration

    /// The demo's "now" (Europe/Rome) and the build day.
    package static let now = LocalDateTime(text: "2026-11-20 16:45:12")!
    package static let today = CalendarDate(iso: "2026-11-20")!

    /// `journalMode`: the demo's WAL, or `"delete"`, TimeTracker's own rollback journal.
    package init(
        clients: Int = 8, entries: Int = 150, invoices: Int = 6, seed: UInt64 = 1, hostile: Bool = false, journalMode: String = "wal",
        databasePath: String? = nil
    ) throws {
        PortalPostgres.register()
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("portalgen-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        if let databasePath {
            self.databasePath = databasePath
        } else {
            self.databasePath = folder.appendingPathComponent("timetracker.sqlite").path
            var options = DemoOptions()
            options.clients = clients
            options.entriesPerClient = entries
            options.invoicesPerClient = invoices
            options.seed = seed
            options.hostile = hostile
            options.journalMode = journalMode
            options.now = Self.now
            try DemoGenerator(options: options).write(to: self.databasePath)
        }
        configuration = PortalConfiguration(
            database: .sqlite(URL(fileURLWithPath: self.databasePath)), output: folder.appendingPathComponent("output"),
            themes: folder.appendingPathComponent("Themes"), today: Self.today, pageSize: 50)
        // PDFs cost a WeasyPrint start and 0.3 s a document: the suites that check them turn them on.
        configuration.pdf = false
        configuration.proxy.viewsLog = viewsLog.path
    }

    deinit { try? FileManager.default.removeItem(at: folder) }

    /// Where the nginx of a test writes its views log (`proxy.viewsLog`).
    package var viewsLog: URL { folder.appendingPathComponent("views.log") }

    /// The repository root (tests read the shipped themes from it).
    package static let packageRoot: URL = {
        var url = URL(fileURLWithPath: #filePath)
        while url.path != "/" {
            url = url.deletingLastPathComponent()
            if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) { return url }
        }
        fatalError("Package.swift not found above \(#filePath)")
    }()

    /// The built `portalgen` executable, for end-to-end tests.
    package static var executable: URL {
        let candidates = [".build/debug/portalgen", ".build/release/portalgen"].map { packageRoot.appendingPathComponent($0) }
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) } ?? candidates[0]
    }

    /// Builds every client at the fixture's fixed clock.
    @discardableResult
    package func build(only: [String]? = nil, now: Date? = nil) async throws -> BuildReport {
        let builder = try PortalBuilder(configuration: configuration)
        return try await builder.build(only: only, now: now ?? Date(timeIntervalSince1970: 1_795_000_000))
    }

    /// A writable connection to the fixture's database, for SQL cross-checks and changes; it waits up to 5 s
    /// for readers, as TimeTracker's Python driver does (in rollback-journal mode they hold off a commit).
    package func database() throws -> DatabaseQueue {
        var configuration = Configuration()
        configuration.busyMode = .timeout(5)
        return try DatabaseQueue(path: databasePath, configuration: configuration)
    }

    /// The site directory of `slug`.
    package func site(_ slug: String) -> URL { configuration.output.appendingPathComponent(slug) }

    /// Parses a page of a client's site.
    package func page(_ slug: String, _ path: String) throws -> HTMLDocument {
        try HTMLDocument(path: site(slug).appendingPathComponent(path).path)
    }

    /// Every file of a client's site (relative paths), excluding dotfiles.
    package func files(_ slug: String) -> [String] {
        let root = site(slug).resolvingSymlinksInPath()
        guard let enumerator = FileManager.default.enumerator(atPath: root.path) else { return [] }
        return enumerator.compactMap { $0 as? String }.filter {
            var isDirectory: ObjCBool = false
            return !$0.hasPrefix(".") && FileManager.default.fileExists(atPath: root.appendingPathComponent($0).path, isDirectory: &isDirectory)
                && !isDirectory.boolValue
        }.sorted()
    }

    /// Runs the portalgen executable with `arguments` to the end; returns exit status, stdout and stderr.
    package static func run(_ arguments: [String], in directory: URL? = nil) async throws -> ChildProcess.Result {
        try await ChildProcess.run(executable, arguments, directory: directory)
    }

    /// The folder of one of several replicas (daemon, nginx and output of their own) built from this fixture's
    /// database, created; the fixture's folder for nil.
    package func replicaFolder(_ replica: String?) throws -> URL {
        guard let replica else { return folder }
        let replicaFolder = folder.appendingPathComponent(replica)
        try FileManager.default.createDirectory(at: replicaFolder, withIntermediateDirectories: true)
        return replicaFolder
    }

    /// The files of two sites (their symbolic links followed), and those that differ in bytes or are on one
    /// side only: replicas built from the same data on the same day must differ in none.
    package static func compareSites(_ a: URL, _ b: URL) -> (files: [String], differing: [String]) {
        let (a, b) = (a.resolvingSymlinksInPath(), b.resolvingSymlinksInPath())
        func files(_ root: URL) -> Set<String> {
            Set(
                (FileManager.default.subpaths(atPath: root.path) ?? []).filter {
                    var isDirectory: ObjCBool = false
                    return FileManager.default.fileExists(atPath: root.appendingPathComponent($0).path, isDirectory: &isDirectory) && !isDirectory.boolValue
                })
        }
        let (left, right) = (files(a), files(b))
        let differing = left.symmetricDifference(right).union(
            left.intersection(right).filter {
                !FileManager.default.contentsEqual(atPath: a.appendingPathComponent($0).path, andPath: b.appendingPathComponent($0).path)
            })
        return (left.sorted(), differing.sorted())
    }

    /// Writes the configuration as a config.json in the fixture folder and returns its path.
    /// `replica` writes it in ``replicaFolder(_:)`` instead, with that folder's own output.
    package func writeConfig(replica: String? = nil, extra: [String: Any] = [:]) throws -> String {
        let folder = try replicaFolder(replica)
        var object: [String: Any] = [
            "database": databasePath, "output": configuration.output.path, "themes": configuration.themes.path,
            "today": configuration.today?.iso ?? "2026-11-20", "pageSize": configuration.pageSize, "pdf": configuration.pdf,
        ]
        if replica != nil { object["output"] = folder.appendingPathComponent("output").path }
        object.merge(extra) { $1 }
        // nginx's views log in the fixture's folder, never the system's.
        var proxy = object["proxy"] as? [String: Any] ?? [:]
        if proxy["viewsLog"] == nil { proxy["viewsLog"] = viewsLog.path }
        object["proxy"] = proxy
        let path = folder.appendingPathComponent("config.json").path
        try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]).write(to: URL(fileURLWithPath: path))
        return path
    }
}

/// WeasyPrint runs in this machine's `python3` (CI installs it; see .ci/run): the engine's own probe.
package let weasyPrintAvailable: Bool = (try? PDFEngine.probe().get()) != nil

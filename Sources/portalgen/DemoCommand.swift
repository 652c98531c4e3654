import ArgumentParser
import Foundation
import PortalCore
import PortalDemo

/// `portalgen demo`: writes a demo TimeTracker database (and, by default, builds its portals).
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Write a demo TimeTracker database; without --out, write it where config.json points and build the portals."
    )

    @OptionGroup var options: ConfigOptions

    @Option(help: "Write the database here and do not build. The default is the config's \"database\".")
    var out: String?

    @Option(
        help: ArgumentHelp(
            "Write the demo into this database instead of the config's: a SQLite file, or a PostgreSQL URI whose database has TimeTracker's schema.",
            valueName: "path-or-uri"))
    var database: String?

    @Flag(help: "PostgreSQL only: delete every row of a database that already holds data before writing the demo.")
    var replace = false

    @Option(help: "Number of clients.")
    var clients: Int = 8

    @Option(help: "Seed: the same seed gives the same data.")
    var seed: UInt64 = 1

    @Option(help: "Completed time entries per client.")
    var entries: Int = 150

    @Option(help: "Invoices per client.")
    var invoices: Int = 6

    @Flag(help: "Add clients full of hostile data (markup, path tricks, NULLs, malformed dates) to test a deployment.")
    var hostile = false

    @Option(help: "The demo's current time in Europe/Rome, YYYY-MM-DD HH:MM:SS. The default is now.")
    var now: String?

    func run() async throws {
        var demo = DemoOptions()
        guard clients >= 1, entries >= 0, invoices >= 0 else { throw ValidationError("--clients must be at least 1; --entries and --invoices at least 0") }
        demo.clients = clients
        demo.seed = seed
        demo.entriesPerClient = entries
        demo.invoicesPerClient = invoices
        demo.hostile = hostile
        if let now {
            guard let value = LocalDateTime(text: now) else { throw ValidationError("--now must look like 2026-11-20 16:45:12, not \"\(now)\"") }
            demo.now = value
        }
        guard out == nil || database == nil else { throw ValidationError("give either --out or --database") }
        var configuration = out == nil && (database == nil || options.exists) ? try options.load() : nil
        let target: DatabaseLocation
        if let out {
            target = .sqlite(URL(fileURLWithPath: out))
        } else if let database {
            target = try DatabaseLocation.parse(database, passwordEnv: nil) { URL(fileURLWithPath: $0) }
            configuration?.database = target
        } else {
            target = configuration!.database
        }
        let started = Date()
        let counts = try DemoGenerator(options: demo).write(to: target, replace: replace)
        let summary = ["clients", "projects", "time_entries", "invoices", "invoice_items", "comments", "activities"].map { "\(counts[$0] ?? 0) \($0)" }
        print("wrote \(target): \(summary.joined(separator: ", ")) in \(String(format: "%.1f", Date().timeIntervalSince(started))) s")
        if let uploads = configuration?.uploads {
            let files = try DemoGenerator.writeUploads(of: PortalDatabase(location: target), into: uploads)
            print("wrote \(files) document files into \(uploads.appendingPathComponent("uploads").path)")
        }
        if out == nil, let configuration {
            let report = try await BuildCommand.build(configuration)
            let sites = report.clients.filter(\.succeeded).map(\.slug)
            if let first = sites.first {
                print("open \(configuration.output.appendingPathComponent(first).path)/index.html in a browser")
                if sites.count > 1 {
                    print("the other clients' portals: \(sites.dropFirst().joined(separator: ", ")) (beside it; `portalgen clients` lists them)")
                }
            }
            if !report.succeeded { throw ExitCode(1) }
        }
    }
}

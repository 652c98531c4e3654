import ArgumentParser
import Foundation
import PortalCore

/// `portalgen init`: a starting `config.json` for an existing TimeTracker database, and the systemd units
/// for it.
struct InitCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Write a starting config.json for an existing TimeTracker database (or, with --systemd, print the daemon's systemd unit).",
        discussion: """
            Reads the database (read-only) for its time zone, currency and portal clients, writes the configuration and \
            explains each setting. An existing file is left alone unless --force.
            """
    )

    @Option(name: .shortAndLong, help: "The configuration file to write.")
    var config: String = "config.json"

    @Option(help: ArgumentHelp("TimeTracker's database: a SQLite file or a postgresql:// URI.", valueName: "path-or-uri"))
    var database: String?

    @Option(help: "Where the sites go.")
    var output: String = "output"

    @Flag(help: "Print the daemon's systemd unit for the configuration instead.")
    var systemd = false

    @Flag(help: "Overwrite an existing configuration file.")
    var force = false

    func run() async throws {
        let file = URL(fileURLWithPath: config).standardizedFileURL
        if systemd {
            print(Self.units(binary: URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().path, config: file))
            return
        }
        guard let database else { throw ValidationError("--database is required: the path of TimeTracker's SQLite file or a postgresql:// URI") }
        if FileManager.default.fileExists(atPath: file.path), !force {
            printError("Error: \(file.path) exists; pass --force to overwrite it, or --config to write another file")
            throw ExitCode(2)
        }
        let location: DatabaseLocation
        do {
            location = try DatabaseLocation.parse(database) { URL(fileURLWithPath: $0).standardizedFileURL }
        } catch {
            printError("Error: \(error)")
            throw ExitCode(2)
        }
        // The file's paths are read relative to its folder: relative ones given here (relative to the current
        // folder) stay so only when the file is written here.
        let here = URL(fileURLWithPath: FileManager.default.currentDirectoryPath).standardizedFileURL
        let sameFolder = file.deletingLastPathComponent().standardizedFileURL.path == here.path
        func path(_ value: String) -> String { sameFolder || value.hasPrefix("/") ? value : here.appendingPathComponent(value).standardizedFileURL.path }
        let databaseText = database.contains("://") ? database : path(database)
        var object: [String: Any] = ["database": databaseText, "output": path(output), "theme": "default"]
        if case .postgres = location { object["databasePasswordEnv"] = "PORTALGEN_DB_PASSWORD" }
        let probe = PortalConfiguration(
            database: location, output: URL(fileURLWithPath: path(output), relativeTo: file.deletingLastPathComponent()).standardizedFileURL,
            themes: file.deletingLastPathComponent().appendingPathComponent("Themes"))
        let settings: GlobalSettings
        let clients: [PortalClient]
        do {
            let builder = try PortalBuilder(configuration: probe, workers: 1)
            settings = try builder.settings()
            clients = try builder.clients()
        } catch {
            printError("Error: cannot read the database: \(error)")
            throw ExitCode(2)
        }
        let data = try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try (String(decoding: data, as: UTF8.self) + "\n").write(to: file, atomically: true, encoding: .utf8)
        print("wrote \(file.path)")
        print("  database: \(databaseText) (read-only; portalgen needs only SELECT)")
        if case .postgres = location { print("  databasePasswordEnv: the password comes from $PORTALGEN_DB_PASSWORD (else PGPASSWORD or ~/.pgpass)") }
        print("  output: \(output) (one folder per client; serve it with `portalgen proxy-config`)")
        print("  theme: default (built in; dark and corporate too, `portalgen themes` lists them)")
        print("TimeTracker's settings: time zone \(settings.timeZoneName), currency \(settings.currency)")
        print("\(clients.count) clients get a portal:")
        for client in clients { print("  \(client.id)  \(client.slug)  \(client.name)") }
        print("Per-client settings (theme, slug, branding) go under \"clients\": {\"<id>\": {…}}; see the README.")
        print("Next: portalgen check --config \(config) && portalgen build --config \(config)")
    }

    /// The daemon's unit of the README, filled in with this binary and configuration (the README has the
    /// timer for setups without the daemon).
    static func units(binary: String, config: URL) -> String {
        let configuration = try? PortalConfiguration.load(from: config)
        let output = configuration?.output.path ?? "/srv/portalgen/output"
        return """
            # /etc/systemd/system/portalgen.service: the daemon (rebuilds on changes, live updates, nightly rebuild)
            [Unit]
            Description=portalgen client portals
            After=network.target

            [Service]
            User=portalgen
            ExecStart=\(binary) serve --config \(config.path)
            ExecReload=/bin/kill -HUP $MAINPID
            Restart=on-failure
            ReadWritePaths=\(output)

            [Install]
            WantedBy=multi-user.target
            """
    }
}

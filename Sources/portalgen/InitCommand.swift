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
            print(try Self.units(binary: URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().path, config: file))
            return
        }
        guard let database else { throw ValidationError("--database is required: the path of TimeTracker's SQLite file or a postgresql:// URI") }
        if FileManager.default.fileExists(atPath: file.path), !force {
            throw CommandError("\(file.path) exists; pass --force to overwrite it, or --config to write another file")
        }
        let location = try DatabaseLocation.parse(database) { URL(fileURLWithPath: $0).standardizedFileURL }
        // The file's paths are read relative to its folder: relative ones given here (relative to the current
        // folder) stay so only when the file is written here.
        let here = URL(fileURLWithPath: FileManager.default.currentDirectoryPath).standardizedFileURL
        let sameFolder = file.deletingLastPathComponent().standardizedFileURL.path == here.path
        func path(_ value: String) -> String { sameFolder || value.hasPrefix("/") ? value : here.appendingPathComponent(value).standardizedFileURL.path }
        let databaseText = database.contains("://") ? database : path(database)
        var object: [String: Any] = ["database": databaseText, "output": path(output), "theme": "default"]
        if case .postgres = location { object["databasePasswordEnv"] = "PORTALGEN_DB_PASSWORD" }
        // Clients sign in with the TimeTracker logins they have; nginx listens on loopback behind TLS.
        object["proxy"] = ["mode": "timetracker", "listen": "127.0.0.1:8080"]
        object["server"] = ["host": "127.0.0.1", "port": 8780]
        var guesses: [String] = []
        if let folder = location.sqlitePath.map({ URL(fileURLWithPath: $0).deletingLastPathComponent() }), let uploads = Self.uploadsFolder(near: folder) {
            object["uploads"] = uploads.path
            guesses.append("uploads: \(uploads.path) (TimeTracker's static folder beside its database)")
        }
        let probe = PortalConfiguration(
            database: location, output: URL(fileURLWithPath: path(output), relativeTo: file.deletingLastPathComponent()).standardizedFileURL,
            themes: file.deletingLastPathComponent().appendingPathComponent("Themes"))
        let settings: GlobalSettings
        let clients: [PortalClient]
        do {
            let portal = try Portal(configuration: probe)
            settings = try portal.settings()
            clients = try portal.clients()
        } catch {
            throw CommandError("cannot read the database: \(error)")
        }
        let data = try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try (String(decoding: data, as: UTF8.self) + "\n").write(to: file, atomically: true, encoding: .utf8)
        print("wrote \(file.path)")
        print("  database: \(databaseText) (read-only; portalgen needs only SELECT)")
        if case .postgres = location { print("  databasePasswordEnv: the password comes from $PORTALGEN_DB_PASSWORD (else PGPASSWORD or ~/.pgpass)") }
        print("  output: \(output) (one folder per client; serve it with `portalgen proxy-config`)")
        print("  theme: default (built in; dark and corporate too, `portalgen themes` lists them)")
        print("  proxy: clients sign in with their TimeTracker portal login (mode timetracker); nginx on 127.0.0.1:8080")
        for guess in guesses { print("  guessed \(guess)") }
        print("TimeTracker's settings: time zone \(settings.timeZoneName), currency \(settings.currency)")
        print("\(clients.count) clients get a portal:")
        for client in clients { print("  \(client.id)  \(client.slug)  \(client.name)  (\(client.locale.identifier), from \(client.locale.source.rawValue))") }
        print("Per-client settings (theme, slug, branding) go under \"clients\": {\"<id>\": {…}}; see the README.")
        print("Next: portalgen check --config \(config) && portalgen build --config \(config)")
    }

    /// TimeTracker's static folder (`app/static` holding `uploads/`) at or up to three levels above `folder`.
    static func uploadsFolder(near folder: URL) -> URL? {
        var current = folder
        for _ in 0..<4 {
            let candidate = current.appendingPathComponent("app/static")
            if FileManager.default.fileExists(atPath: candidate.appendingPathComponent("uploads").path) { return candidate }
            current = current.deletingLastPathComponent()
        }
        return nil
    }

    /// The daemon's units, filled in with this binary and configuration, working as printed: the secrets from an
    /// `EnvironmentFile=` beside the configuration, PostgreSQL started first when it runs here, the sandboxing
    /// systemd offers with write access to exactly the output and state folders, and (for `basic` and
    /// `auth_request` sign-in, whose login map changes) a path unit that reloads nginx when the map changes, so
    /// the unprivileged daemon needs no `sudo`. Paths are quoted and escaped as systemd.syntax(7) says; a path
    /// with a control character is refused.
    static func units(binary: String, config: URL) throws -> String {
        let configuration = try? PortalConfiguration.load(from: config)
        let output = configuration?.output.path ?? "/srv/portalgen/output"
        let state = configuration?.state.path ?? output + "/" + OutputFolder.defaultStateName
        let environment = config.deletingLastPathComponent().appendingPathComponent("portalgen.env").path
        for path in [binary, config.path, output, state, environment] where path.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
            throw ValidationError("the path \(path.quotedForLog) holds a control character, which a systemd unit cannot carry; move it")
        }
        var writable = [output]
        if !state.hasPrefix(output + "/") { writable.append(state) }
        var after = ["network-online.target"]
        var wants = ["network-online.target"]
        if case .postgres(let location) = configuration?.database,
            ["localhost", "127.0.0.1", "::1", ""].contains(location.host) || location.host.hasPrefix("/")
        {
            after.append("postgresql.service")
            wants.append("postgresql.service")
        }
        let mode = configuration?.proxy.mode ?? "timetracker"
        var variables = ["PORTALGEN_ADMIN_TOKEN=<openssl rand -hex 32>", "PORTALGEN_PROXY_SECRET=<openssl rand -hex 32>"]
        if mode == "timetracker" { variables.append("\(configuration?.proxy.sessionKeyEnv ?? "PORTALGEN_SESSION_KEY")=<openssl rand -hex 32>") }
        if case .postgres = configuration?.database { variables.insert("PORTALGEN_DB_PASSWORD=<the read-only role's password>", at: 0) }
        var text = """
            # \(environment) (chmod 0600, owned by root): the secrets the daemon reads
            \(variables.map { "#   " + $0 }.joined(separator: "\n"))

            # /etc/systemd/system/portalgen.service: the daemon (rebuilds on changes, live updates, nightly rebuild)
            [Unit]
            Description=portalgen client portals
            After=\(after.joined(separator: " "))
            Wants=\(wants.joined(separator: " "))

            [Service]
            User=portalgen
            Group=portalgen
            EnvironmentFile=\(Self.specifiers(environment))
            ExecStart=\(Self.argument(binary)) serve --config \(Self.argument(config.path))
            ExecReload=/bin/kill -HUP $MAINPID
            Restart=on-failure
            LimitNOFILE=65536
            NoNewPrivileges=yes
            ProtectSystem=strict
            ProtectHome=yes
            PrivateTmp=yes
            PrivateDevices=yes
            ProtectKernelTunables=yes
            ProtectKernelModules=yes
            ProtectControlGroups=yes
            RestrictSUIDSGID=yes
            ReadWritePaths=\(writable.map(Self.quoted).joined(separator: " "))

            [Install]
            WantedBy=multi-user.target
            """
        if mode != "timetracker" {
            let map = configuration.map { NginxConfig(configuration: $0).mapFile.path } ?? state + "/portalgen-users.map"
            text += """


                # /etc/systemd/system/portalgen-nginx-reload.path: nginx reads a changed login map at once
                # (instead of proxy.reloadCommand, which an unprivileged daemon cannot run)
                [Unit]
                Description=Reload nginx when portalgen's login map changes

                [Path]
                PathChanged=\(Self.specifiers(map))

                [Install]
                WantedBy=multi-user.target

                # /etc/systemd/system/portalgen-nginx-reload.service
                [Unit]
                Description=Reload nginx for portalgen's login map

                [Service]
                Type=oneshot
                ExecStart=/bin/systemctl reload nginx.service
                """
        }
        return text
    }

    /// A word of a list setting (systemd.syntax(7)): double-quoted, `\\` and `"` escaped, `%` doubled (specifiers).
    static func quoted(_ value: String) -> String {
        "\"" + specifiers(value).replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }

    /// A word of a command line: as ``quoted(_:)``, with `$` doubled too (systemd expands variables there).
    static func argument(_ value: String) -> String { quoted(value).replacingOccurrences(of: "$", with: "$$") }

    /// A path setting's value with `%` doubled, so systemd expands no specifier in it.
    static func specifiers(_ value: String) -> String { value.replacingOccurrences(of: "%", with: "%%") }
}

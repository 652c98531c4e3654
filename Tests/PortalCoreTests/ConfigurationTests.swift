import Foundation
import PortalTestSupport
import Testing

@testable import PortalCore

@Suite struct ConfigurationTests {
    func load(_ json: String) throws -> PortalConfiguration {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("portalgen-config-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("config.json")
        try Data(json.utf8).write(to: file)
        return try PortalConfiguration.load(from: file)
    }

    @Test func pathsAreRelativeToTheConfigFile() throws {
        let configuration = try load(#"{"database": "db/tt.sqlite", "clients": {"7": {"slug": "acme", "theme": "dark"}}}"#)
        #expect(configuration.database.sqlitePath?.hasSuffix("/db/tt.sqlite") == true)
        #expect(configuration.output.lastPathComponent == "output")
        #expect(configuration.settings(forClientID: 7, slug: nil)?.theme == "dark")
    }

    @Test func unknownKeysAreErrorsWithTheirPath() {
        #expect {
            _ = try load(#"{"database": "x", "clients": {"acme": {"theem": "dark"}}}"#)
        } throws: { error in
            "\(error)".contains("clients.acme.theem")
        }
        #expect(throws: ConfigurationError.self) { _ = try load(#"{"databse": "x"}"#) }
    }

    /// `notifyDatabase` names a standby's PostgreSQL primary, with `database`'s password variable.
    @Test func notifyDatabaseIsAPrimaryBesideAPostgresStandby() throws {
        let standby = try load(
            #"{"database": "postgresql://ro@standby/tt", "notifyDatabase": "postgresql://ro@primary:5433/tt", "databasePasswordEnv": "TT_PW"}"#)
        guard case .postgres(let primary) = standby.notifyDatabase else { throw ConfigurationError(file: "", message: "no notifyDatabase") }
        #expect(primary.host == "primary" && primary.port == 5433 && primary.passwordEnv == "TT_PW")
        #expect { _ = try load(#"{"database": "tt.sqlite", "notifyDatabase": "postgresql://ro@primary/tt"}"#) } throws: {
            "\($0)".contains("key \"notifyDatabase\"")
        }
        #expect { _ = try load(#"{"database": "postgresql://ro@standby/tt", "notifyDatabase": "primary.sqlite"}"#) } throws: {
            "\($0)".contains("a postgresql:// URI")
        }
    }

    @Test func badValuesNameTheKey() {
        #expect { _ = try load(#"{"database": "x", "today": "tomorrow"}"#) } throws: { "\($0)".contains("\"today\"") }
        #expect { _ = try load(#"{"database": "x", "clients": {"1": {"slug": "../etc"}}}"#) } throws: { "\($0)".contains("clients.1.slug") }
        #expect { _ = try load(#"{"database": "x", "clients": {"1": {"branding": {"primaryColor": "red"}}}}"#) } throws: {
            "\($0)".contains("clients.1.branding.primaryColor")
        }
        #expect { _ = try load(#"{"database": "x", "paper": "A5"}"#) } throws: { "\($0)".contains("key \"paper\" must be \"A4\" or \"letter\", not \"A5\"") }
        #expect { _ = try load(#"{"database": "x", "clients": {"2": {"paper": "legal"}}}"#) } throws: { "\($0)".contains("clients.2.paper") }
        #expect((try? load(#"{"database": "x", "paper": "Letter"}"#))?.paper == .letter)
        #expect { _ = try load(#"{"output": "x"}"#) } throws: { "\($0)".contains("\"database\" is required") }
        #expect { _ = try load(#"{"database": 5}"#) } throws: { "\($0)".contains("database") }
    }

    /// Two clients configured with one slug would map both logins to one folder.
    @Test func aSlugConfiguredTwiceNamesBothClients() {
        #expect {
            _ = try load(#"{"database": "x", "clients": {"3": {"slug": "acme"}, "beta-ltd": {"slug": "acme"}}}"#)
        } throws: { error in
            "\(error)".contains("clients.3") && "\(error)".contains("clients.beta-ltd") && "\(error)".contains("\"acme\"")
        }
    }

    /// Numbers that would trap or wedge the process are refused with their key, not trusted.
    @Test func numbersOutOfRangeAreRefused() {
        #expect { _ = try load(#"{"database": "x", "pageSize": 9223372036854775807}"#) } throws: { "\($0)".contains("pageSize") }
        #expect { _ = try load(#"{"database": "x", "server": {"heartbeatSeconds": 9223372036854775807}}"#) } throws: { "\($0)".contains("heartbeatSeconds") }
        #expect { _ = try load(#"{"database": "x", "server": {"pollMilliseconds": 9223372036854775807}}"#) } throws: { "\($0)".contains("pollMilliseconds") }
        #expect { _ = try load(#"{"database": "x", "timetrackerURL": "javascript:alert(1)"}"#) } throws: { "\($0)".contains("timetrackerURL") }
    }
}

/// The command line tells a user what it takes.
@Suite struct CommandLineTests {
    /// A misspelt log level is refused with the levels listed (it used to log at `info` silently).
    @Test func aMisspeltLogLevelIsAnError() async throws {
        let result = try await Fixture.run(["serve", "--config", "/nonexistent/config.json", "--log-level", "warnign"])
        #expect(result.status != 0)
        #expect(result.stderr.contains("warnign") && result.stderr.contains("warning"), "\(result.stderr)")
    }

    /// `bench` is for developers: it runs, but `portalgen --help` does not offer it to users.
    @Test func theBenchIsNotInTheUsersHelp() async throws {
        let help = try await Fixture.run(["--help"])
        #expect(help.stdout.contains("build") && help.stdout.contains("serve"))
        #expect(!help.stdout.contains("bench"), "\(help.stdout)")
        #expect(try await Fixture.run(["bench", "--help"]).status == 0)
    }

    /// `init` writes a configuration that builds, lists the clients it found, never overwrites one, and
    /// prints systemd units naming the binary and the file.
    @Test func initWritesAConfigurationThatBuilds() async throws {
        let fixture = try Fixture(clients: 3, entries: 10, invoices: 1)
        let config = fixture.folder.appendingPathComponent("etc/portalgen/config.json")
        let written = try await Fixture.run([
            "init", "--config", config.path, "--database", fixture.databasePath, "--output", fixture.folder.appendingPathComponent("sites").path,
        ])
        #expect(written.status == 0, "\(written.stderr)")
        #expect(written.stdout.contains("Europe/Rome") && written.stdout.contains("mueller-soehne-gmbh"), "\(written.stdout)")
        let built = try await Fixture.run(["build", "--config", config.path])
        #expect(built.status == 0 && built.stdout.contains("3 clients"), "\(built.stdout) \(built.stderr)")
        #expect(FileManager.default.fileExists(atPath: fixture.folder.appendingPathComponent("sites/mueller-soehne-gmbh/index.html").path))
        let again = try await Fixture.run(["init", "--config", config.path, "--database", fixture.databasePath])
        #expect(again.status != 0 && again.stderr.contains("--force"))
        let configText = try String(contentsOf: config, encoding: .utf8)
        #expect(configText.contains("\"timetracker\"") && configText.contains("127.0.0.1:8080"), "\(configText)")
        let units = try await Fixture.run(["init", "--systemd", "--config", config.path])
        #expect(
            units.stdout.contains("serve --config \"\(config.path)\"")
                && units.stdout.contains("ReadWritePaths=\"\(fixture.folder.appendingPathComponent("sites").path)\"")
                && units.stdout.contains("EnvironmentFile=\(config.deletingLastPathComponent().path)/portalgen.env")
                && units.stdout.contains("PORTALGEN_SESSION_KEY=") && units.stdout.contains("NoNewPrivileges=yes"), "\(units.stdout)")
    }

    /// The units `init --systemd` prints pass `systemd-analyze verify` as printed, also for paths with spaces,
    /// `%` and `$` (quoted and escaped per systemd.syntax(7)); a path with a newline is refused.
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/systemd-analyze"))) func systemdUnitsVerify() async throws {
        let fixture = try Fixture(clients: 2, entries: 5, invoices: 1)
        let folder = fixture.folder.appendingPathComponent("odd 100% $HOME")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let config = folder.appendingPathComponent("config.json")
        try Data("{\"database\": \"\(fixture.databasePath)\", \"output\": \"sites\", \"proxy\": {\"mode\": \"basic\"}}".utf8).write(to: config)
        FileManager.default.createFile(atPath: folder.appendingPathComponent("portalgen.env").path, contents: Data())
        let units = try await Fixture.run(["init", "--systemd", "--config", config.path])
        #expect(units.status == 0, "\(units.stderr)")
        let text = units.stdout
        #expect(text.contains("ExecStart=\"") && text.contains("100%% $$HOME") && text.contains("PathChanged="), "\(text)")
        // Each unit into its own file, as the comments above each say.
        var files: [String: String] = [:]
        var current: String?
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("# /etc/systemd/system/"), let name = line.dropFirst("# /etc/systemd/system/".count).split(separator: ":").first {
                current = String(name)
                continue
            }
            if let current, !line.hasPrefix("#") { files[current, default: ""] += line + "\n" }
        }
        #expect(Set(files.keys) == ["portalgen.service", "portalgen-nginx-reload.path", "portalgen-nginx-reload.service"], "\(files.keys)")
        let unitFolder = fixture.folder.appendingPathComponent("units")
        try FileManager.default.createDirectory(at: unitFolder, withIntermediateDirectories: true)
        for (name, body) in files {
            try body.replacingOccurrences(of: "User=portalgen\nGroup=portalgen\n", with: "").write(
                to: unitFolder.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        let verified = try await ChildProcess.run(
            URL(fileURLWithPath: "/usr/bin/systemd-analyze"), ["verify"] + files.keys.sorted().map { unitFolder.appendingPathComponent($0).path })
        #expect(verified.status == 0 && !verified.stderr.contains("nknown") && !verified.stderr.contains("rror"), "\(verified.stderr)")

        let newline = fixture.folder.appendingPathComponent("bad\nExecStartPre=/bin/evil")
        try FileManager.default.createDirectory(at: newline, withIntermediateDirectories: true)
        try Data("{\"database\": \"\(fixture.databasePath)\"}".utf8).write(to: newline.appendingPathComponent("config.json"))
        let refused = try await Fixture.run(["init", "--systemd", "--config", newline.appendingPathComponent("config.json").path])
        #expect(refused.status != 0 && refused.stderr.contains("control character") && !refused.stdout.contains("ExecStartPre"), "\(refused)")
    }

    /// A password is never taken for a file name (which messages would print): URIs in any case, libpq
    /// keyword strings and password parameters are refused without echoing the password.
    @Test func passwordsInDatabaseSettingsAreRefusedNotPrinted() {
        for value in [
            "POSTGRESQL://user:hunter2@db/tt", "PostgreS://user:hunter2@db/tt", "host=db dbname=tt user=u password=hunter2",
            "postgresql://user@db/tt?password=hunter2", "mysql://user:hunter2@db/tt",
        ] {
            do {
                _ = try DatabaseLocation.parse(value) { URL(fileURLWithPath: $0) }
                Issue.record("\(value) was accepted")
            } catch {
                #expect(!"\(error)".contains("hunter2"), "\(error)")
            }
        }
        #expect((try? DatabaseLocation.parse("POSTGRESQL://user@db/tt") { URL(fileURLWithPath: $0) })?.sqlitePath == nil)
    }
}

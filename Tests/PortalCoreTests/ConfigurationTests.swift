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

    @Test func badValuesNameTheKey() {
        #expect { _ = try load(#"{"database": "x", "today": "tomorrow"}"#) } throws: { "\($0)".contains("\"today\"") }
        #expect { _ = try load(#"{"database": "x", "clients": {"1": {"slug": "../etc"}}}"#) } throws: { "\($0)".contains("clients.1.slug") }
        #expect { _ = try load(#"{"database": "x", "clients": {"1": {"branding": {"primaryColor": "red"}}}}"#) } throws: {
            "\($0)".contains("clients.1.branding.primaryColor")
        }
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
        let units = try await Fixture.run(["init", "--systemd", "--config", config.path])
        #expect(
            units.stdout.contains("serve --config \(config.path)")
                && units.stdout.contains("ReadWritePaths=\(fixture.folder.appendingPathComponent("sites").path)"), "\(units.stdout)")
    }
}

import ArgumentParser
import Foundation
import Logging
import PortalCore
import PortalServer

/// `portalgen serve`: the daemon.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the daemon: follow database changes, rebuild affected clients, push live events, nightly rebuilds.",
        discussion: "Listens on server.host:server.port from the configuration. SIGHUP reloads the configuration; SIGTERM stops gracefully."
    )

    @OptionGroup var options: ConfigOptions

    @Option(help: "How much to log.")
    var logLevel: Logger.Level = .info

    func run() async throws {
        let configuration = try options.load()
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = logLevel
            return handler
        }
        let logger = Logger(label: "portalgen")
        try await PortalDaemon(configuration: configuration, logger: logger).run { port in
            FileHandle.standardOutput.write(Data("portalgen serve: listening on http://\(configuration.server.host):\(port)\n".utf8))
        }
    }
}

/// `--log-level` takes swift-log's level names; a typo is an error that lists them, not a silent `info`.
extension Logger.Level: @retroactive ExpressibleByArgument {}

import ArgumentParser
import Foundation
import PortalCore

/// `portalgen build`: builds every qualifying client (or the named ones) into the output folder.
struct BuildCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "build",
        abstract: "Build the portal of every qualifying client, or of the named clients.",
        discussion: "Sites of clients that no longer qualify are removed (full builds only). Exits non-zero when any requested client failed."
    )

    @OptionGroup var options: ConfigOptions

    @Option(name: .customLong("client"), help: "A client id or slug to build (repeatable). The default is every qualifying client.")
    var clients: [String] = []

    @Flag(help: "Render every client even when its data, theme and day did not change (unchanged files are still not rewritten).")
    var force = false

    func run() async throws {
        let configuration = try options.load()
        let report = try await Self.build(configuration, clients: clients, force: force)
        if !report.succeeded { throw ExitCode(1) }
    }

    /// Builds and prints progress, problems and the summary line. Shared with `portalgen demo`.
    static func build(_ configuration: PortalConfiguration, clients: [String] = [], force: Bool = false) async throws -> BuildReport {
        let builder = try PortalBuilder(configuration: configuration)
        let report = try await builder.build(only: clients.isEmpty ? nil : clients, force: force) { result, done, total in
            if stderrIsTerminal {
                let status = result.succeeded ? "ok" : "FAILED"
                printError("\u{1B}[2K\r[\(done)/\(total)] \(result.slug) \(status)\u{1B}[1A")
            } else if !result.succeeded {
                printError("client \(result.slug) failed")
            }
        }
        if stderrIsTerminal { printError("") }
        for result in report.clients {
            for problem in result.skippedRows { printError("warning: \(result.slug): \(problem)") }
            for warning in result.warnings { printError("warning: \(result.slug): \(warning)") }
        }
        if let problem = report.printProblem { printError("note: \(problem)") }
        for slug in report.removed { print("removed \(slug) (no longer qualifies for a portal)") }
        switch report.proxyReload {
        case .reloaded?: print("login map changed; proxy reloaded")
        case .failed(let message)?: printError("error: \(message)")
        case nil: break
        }
        for selector in report.unknown { printError("error: no qualifying client has the id or slug \"\(selector)\"; `portalgen clients` lists them") }
        for failure in report.failures {
            printError("error: \(failure.slug) (client \(failure.clientID)): \(failure.error.map { "\($0)" } ?? "failed"); its previous site is still online")
        }
        print(report.summary)
        return report
    }
}

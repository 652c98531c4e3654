import ArgumentParser
import PortalCore

/// `portalgen check`: validates configuration, themes, database and branding; writes nothing.
struct CheckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check", abstract: "Validate configuration, themes, database and branding without writing anything.")

    @OptionGroup var options: ConfigOptions

    func run() async throws {
        let configuration = try options.load()
        let findings = PortalChecker(configuration: configuration).run()
        for finding in findings { printError(finding.description) }
        let errors = findings.filter { $0.level == .error }.count
        print("\(errors) errors, \(findings.count - errors) warnings")
        if errors > 0 { throw ExitCode(1) }
    }
}

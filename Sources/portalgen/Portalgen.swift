import ArgumentParser
import PortalPostgres

/// `portalgen`: static client portals from a TimeTracker database.
@main
struct Portalgen: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "portalgen",
        abstract: "Static, per-client portals from a TimeTracker database.",
        subcommands: [
            BuildCommand.self, ClientsCommand.self, InitCommand.self, DemoCommand.self, CheckCommand.self, ThemesCommand.self, ServeCommand.self,
            ProxyConfigCommand.self, TriggersCommand.self, LinkCommand.self, ViewsCommand.self, BenchCommand.self,
        ]
    )

    /// Registers PostgreSQL, then lets swift-argument-parser run the command the arguments name.
    static func main() async {
        PortalPostgres.register()
        await main(nil)
    }
}

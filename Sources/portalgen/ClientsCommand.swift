import ArgumentParser
import Foundation
import PortalCore

/// `portalgen clients`: the qualifying clients with their slugs and output directories.
struct ClientsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "clients", abstract: "List the clients that get a portal.")

    @OptionGroup var options: ConfigOptions

    @Flag(help: "Print JSON instead of a table.")
    var json = false

    func run() async throws {
        let configuration = try options.load()
        let clients = try Portal(configuration: configuration).clients()
        if json {
            let rows = clients.map {
                [
                    "id": Int($0.id), "name": $0.name, "slug": $0.slug, "theme": $0.theme, "locale": $0.locale.identifier,
                    "localeSource": $0.locale.source.rawValue, "output": configuration.output.appendingPathComponent($0.slug).path,
                ] as [String: Any]
            }
            let data = try JSONSerialization.data(withJSONObject: rows, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
            print(String(decoding: data, as: UTF8.self))
            return
        }
        let width = max(4, clients.map(\.slug.count).max() ?? 4)
        print("ID    " + "SLUG".padding(toLength: width + 2, withPad: " ", startingAt: 0) + "THEME       LOCALE                    NAME")
        for client in clients {
            let id = String(client.id).padding(toLength: 6, withPad: " ", startingAt: 0)
            print(
                id + client.slug.padding(toLength: width + 2, withPad: " ", startingAt: 0) + client.theme.padding(toLength: 12, withPad: " ", startingAt: 0)
                    + "\(client.locale.identifier) (\(client.locale.source.rawValue))".padding(toLength: 26, withPad: " ", startingAt: 0) + client.name)
        }
        print("\(clients.count) clients; sites in \(configuration.output.path)/<slug>")
    }
}

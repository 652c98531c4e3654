import ArgumentParser
import Foundation
import PortalCore
import PortalDemo

/// `portalgen themes`: the built-in themes and those of the themes folder, where each comes from, and the
/// clients using each.
struct ThemesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "themes", abstract: "List themes and the clients that use them.")

    @OptionGroup var options: ConfigOptions

    @Flag(help: "Print the context keys of every template and partial (Markdown), generated from the page models.")
    var keys = false

    func run() async throws {
        if keys {
            print(try ThemeKeyReference.markdown(), terminator: "")
            return
        }
        let configuration = try options.load()
        let library = ThemeLibrary(folder: configuration.themes)
        let clients = (try? Portal(configuration: configuration).clients()) ?? []
        for name in library.available() {
            let users = clients.filter { $0.theme == name }.map(\.slug)
            switch Result(catching: { try library.load(name) }) {
            case .success(let theme):
                let parent = theme.manifest.extends.map { ", extends \($0)" } ?? ""
                let origin: String
                switch library.origin(name) {
                case .builtIn: origin = "built in"
                case .overridden: origin = "built in, overridden by \(configuration.themes.appendingPathComponent(name).path)"
                default: origin = configuration.themes.appendingPathComponent(name).path
                }
                print("\(name) (\(origin)\(parent)): \(theme.manifest.name) — \(theme.manifest.description ?? "")")
            case .failure(let error):
                print("\(name): BROKEN — \(error)")
            }
            print(
                "  used by: \(users.isEmpty ? "no client" : users.joined(separator: ", "))\(name == configuration.theme ? " (and the default for new clients)" : "")"
            )
        }
    }
}

import ArgumentParser
import Foundation
import PortalCore
import PortalServer

/// `portalgen link`: a single-use sign-in link for a client, to mail (`proxy.mode = "timetracker"`).
struct LinkCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "link",
        abstract: "Print a single-use sign-in link for a client's portal login (timetracker sign-in).",
        discussion: """
            The link signs the login in once, until it expires, and dies with the login (a password changed, a \
            login disabled in TimeTracker). It is signed with the session key, so run this where the daemon's \
            environment is set (the key's variable, PORTALGEN_SESSION_KEY unless proxy.sessionKeyEnv says otherwise). \
            The link is the last line of the output.
            """)

    @OptionGroup var options: ConfigOptions

    @Option(help: "The client's id or slug.")
    var client: String

    @Option(help: "The portal login (default: the client's own portal login, else its first portal user).")
    var login: String?

    @Option(help: "Hours until the link expires (1 to 720).")
    var hours: Int = 72

    func run() async throws {
        let configuration = try options.load()
        let url = try SignInLink.url(
            configuration: configuration, client: client, login: login, hours: hours, environment: ProcessInfo.processInfo.environment)
        print("Single use, valid for \(hours) hours:")
        print(url)
    }
}

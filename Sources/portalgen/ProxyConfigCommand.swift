import ArgumentParser
import Foundation
import PortalCore

/// `portalgen proxy-config`: writes the nginx server block and the login map.
struct ProxyConfigCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "proxy-config",
        abstract: "Write the nginx configuration that serves each signed-in user their own client's portal.",
        discussion: "Writes proxy.file (the server block) and the login map beside it. Include the server block in nginx's http { } block."
    )

    @OptionGroup var options: ConfigOptions

    @Flag(help: "Print the server block instead of writing files.")
    var stdout = false

    func run() async throws {
        let configuration = try options.load()
        let builder: PortalBuilder
        do {
            builder = try PortalBuilder(configuration: configuration, workers: 1)
        } catch {
            printError("Error: \(error)")
            throw ExitCode(2)
        }
        let nginx = NginxConfig(configuration: configuration)
        let secret = ProcessInfo.processInfo.environment[configuration.server.proxySecretEnv].flatMap { $0.isEmpty ? nil : $0 }
        let block = nginx.serverBlock(proxySecret: secret)
        let logins = try PortalLogins.read(from: builder.database, clients: try builder.clients())
        for login in logins.rejected {
            printError("warning: portal login \"\(login)\" is left out of the map (characters nginx cannot match safely, or it names two clients)")
        }
        if stdout {
            print(block, terminator: "")
            return
        }
        try nginx.writeMap(logins)
        try block.write(to: nginx.serverFile, atomically: true, encoding: .utf8)
        print("wrote \(nginx.serverFile.path) and \(nginx.mapFile.path) (\(logins.map.count) logins)")
        print("include \(nginx.serverFile.path) inside nginx's http { } block, then: nginx -t && nginx -s reload")
    }
}

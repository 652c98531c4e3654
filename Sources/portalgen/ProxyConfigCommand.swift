import ArgumentParser
import Foundation
import PortalCore

/// `portalgen proxy-config`: writes the nginx server block and the login map.
struct ProxyConfigCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "proxy-config",
        abstract: "Write the nginx configuration that serves each signed-in user their own client's portal.",
        discussion:
            "Writes proxy.file (the server block; mode 0640 when it holds the proxy secret) and, for basic and auth_request sign-in, the login map in the state folder. Include the server block in nginx's http { } block. With --haproxy, prints instead the haproxy.cfg of a front for several replicas (README, \"Running several replicas\")."
    )

    @OptionGroup var options: ConfigOptions

    @Flag(help: "Print the server block instead of writing files.")
    var stdout = false

    @Flag(help: "Print the haproxy.cfg of a front for several replicas (each: portalgen serve + nginx).")
    var haproxy = false

    @Option(name: .customLong("replica"), help: ArgumentHelp("A replica's nginx, HOST:PORT; once per replica (with --haproxy).", valueName: "host:port"))
    var replicas: [String] = []

    @Option(help: ArgumentHelp("Where haproxy listens (with --haproxy).", valueName: "address:port"))
    var bind = "*:80"

    @Option(help: ArgumentHelp("A PEM with certificate and key: haproxy terminates TLS (with --haproxy).", valueName: "file"))
    var certificate: String?

    func run() async throws {
        let configuration = try options.load()
        if haproxy {
            let front = HAProxyConfig(replicas: replicas, bind: bind, certificate: certificate, heartbeatSeconds: configuration.server.heartbeatSeconds)
            if let problem = front.problem { throw CommandError(problem) }
            if configuration.server.drainSeconds < 2 {
                printError(
                    "note: server.drainSeconds is \(configuration.server.drainSeconds); set it to 3 on every replica so a stopping one is taken out (two failed checks a second apart) before its streams end"
                )
            }
            print(front.text, terminator: "")
            return
        }
        if let problem = configuration.proxy.plainHTTPProblem { throw CommandError(problem) }
        let portal = try Portal(configuration: configuration)
        let nginx = NginxConfig(configuration: configuration)
        let secret = ProcessInfo.processInfo.environment[configuration.server.proxySecretEnv].flatMap { $0.isEmpty ? nil : $0 }
        let block = nginx.serverBlock(proxySecret: secret)
        if stdout {
            print(block, terminator: "")
            return
        }
        var wrote = [nginx.serverFile.path]
        if configuration.proxy.mode != "timetracker" {
            let (clients, accounts) = try portal.clientsAndAccounts()
            let logins = PortalLogins.make(accounts: accounts, clients: clients)
            for login in logins.rejected {
                printError("warning: portal login \(login.quotedForLog) is left out of the map (characters nginx cannot match safely, or it names two clients)")
            }
            try nginx.writeMap(logins)
            wrote.append("\(nginx.mapFile.path) (\(logins.map.count) logins)")
        }
        // The proxy secret is a credential: the file is readable by root and nginx's group, not by every user.
        let data = Data(block.utf8)
        let fd = open(nginx.serverFile.path + ".tmp", O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, secret == nil ? 0o644 : 0o640)
        guard fd >= 0 else {
            throw CommandError("cannot write \(nginx.serverFile.path).tmp (\(String(cString: strerror(errno)))); set proxy.file to a file portalgen may write")
        }
        fchmod(fd, secret == nil ? 0o644 : 0o640)
        _ = data.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        close(fd)
        rename(nginx.serverFile.path + ".tmp", nginx.serverFile.path)
        print("wrote \(wrote.joined(separator: " and "))")
        print("include \(nginx.serverFile.path) inside nginx's http { } block, then: nginx -t && nginx -s reload")
    }
}

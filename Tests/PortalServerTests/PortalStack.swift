import Foundation
import PortalCore
import PortalTestSupport

/// The whole serving stack as a client meets it: a demo database, the real daemon, and the real nginx with
/// the generated configuration and basic auth (`client1` sees Müller & Söhne, `portal.client2` Acme).
final class PortalStack: @unchecked Sendable {
    let fixture: Fixture
    let config: String
    /// Where the config, logs and nginx's files are.
    let folder: URL
    let nginxPort: Int
    let daemonPort: Int
    private(set) var daemon: DaemonProcess?
    private(set) var nginx: NginxProcess?

    static let users = [("client1", "pw-a"), ("portal.client2", "pw-b")]

    /// `startDaemon: false` leaves the daemon off (nginx answers /live with 502) until ``startDaemon()``.
    /// `replica` names one of several stacks on the same database: its config, output, logs and nginx live in
    /// a folder of that name.
    init(fixture: Fixture, server: [String: Any] = [:], config extra: [String: Any] = [:], startDaemon: Bool = true, replica: String? = nil) async throws {
        self.fixture = fixture
        nginxPort = NginxProcess.freePort()
        daemonPort = LoopbackPort.free()
        folder = try fixture.replicaFolder(replica)
        config = try fixture.writeConfig(
            replica: replica,
            extra: extra.merging([
                "server": server.merging(["port": daemonPort, "pollMilliseconds": 50]) { $1 },
                "proxy": [
                    "mode": "basic", "listen": "127.0.0.1:\(nginxPort)", "htpasswd": fixture.folder.appendingPathComponent("htpasswd").path,
                    "file": folder.appendingPathComponent("portal-nginx.conf").path,
                ],
            ]) { $1 })
        try await NginxProcess.writeHtpasswd(fixture.folder.appendingPathComponent("htpasswd").path, Self.users)
        let configuration = try PortalConfiguration.load(from: URL(fileURLWithPath: config))
        if startDaemon {
            try await self.startDaemon()
        } else {
            let build = try await Fixture.run(["build", "--config", config])
            guard build.status == 0 else { throw HTMLError(message: "build failed: \(build.stderr)") }
        }
        let nginxConfig = NginxConfig(configuration: configuration)
        try nginxConfig.serverBlock(proxySecret: nil).write(to: nginxConfig.serverFile, atomically: true, encoding: .utf8)
        nginx = try await NginxProcess(serverFile: nginxConfig.serverFile, port: nginxPort, folder: folder)
    }

    func startDaemon() async throws {
        let daemon = try await DaemonProcess(config: config)
        self.daemon = daemon
        guard await eventually(patience, { daemon.logText.contains("build finished") }) else {
            throw HTMLError(message: "the daemon never built: \(daemon.logText)")
        }
    }

    /// The URL of `path` for `user` (credentials in the URL; Chromium keeps them for the origin).
    func url(_ path: String = "", user: Int = 0) -> String {
        let (name, password) = Self.users[user]
        return "http://\(name):\(password)@127.0.0.1:\(nginxPort)/\(path)"
    }

    /// Starts nginx again on its port (after ``kill()``).
    func startNginx() async throws {
        let configuration = try PortalConfiguration.load(from: URL(fileURLWithPath: config))
        nginx = try await NginxProcess(serverFile: NginxConfig(configuration: configuration).serverFile, port: nginxPort, folder: folder)
    }

    /// SIGKILL to the daemon and to nginx's master and workers, as when the machine dies.
    func kill() async {
        // Every process gets its SIGKILL before anything waits for one to end, as when the machine dies.
        daemon?.process.signal(SIGKILL)
        await nginx?.kill()
        _ = await daemon?.process.status()
    }

    /// The `/live` streams the daemon holds (its `/metrics`), nil when it does not answer.
    func streams() async -> Int? {
        guard let text = try? await NginxProcess.curl(["-s", "--max-time", "2", "http://127.0.0.1:\(daemonPort)/metrics"]).body else { return nil }
        let line = text.split(separator: "\n").first { $0.hasPrefix("portalgen_live_connections ") }
        return line.flatMap { Double($0.split(separator: " ").last ?? "") }.map { Int($0) }
    }

    func stop() {
        daemon?.stop()
        nginx?.stop()
    }
}

import Foundation
import PortalCore
import PortalTestSupport

/// A real haproxy (Debian's) running the configuration `portalgen proxy-config --haproxy` prints, on a free
/// loopback port, in front of the given replicas' nginx.
final class HAProxyProcess: @unchecked Sendable {
    static let binary = "/usr/sbin/haproxy"
    static var available: Bool { FileManager.default.isExecutableFile(atPath: binary) }

    let port: Int
    let folder: URL
    private var process: SpawnedProcess?

    init(config: String, replicas: [Int], folder: URL) async throws {
        port = NginxProcess.freePort()
        self.folder = folder
        let printed = try await Fixture.run(
            ["proxy-config", "--config", config, "--haproxy", "--bind", "127.0.0.1:\(port)"] + replicas.flatMap { ["--replica", "127.0.0.1:\($0)"] })
        guard printed.status == 0 else { throw HTMLError(message: "proxy-config --haproxy failed: \(printed.stderr)") }
        let file = folder.appendingPathComponent("haproxy.cfg")
        try printed.stdout.write(to: file, atomically: true, encoding: .utf8)
        let check = try await ChildProcess.run(URL(fileURLWithPath: Self.binary), ["-c", "-q", "-f", file.path])
        guard check.status == 0 else { throw HTMLError(message: "haproxy -c rejected the generated configuration: \(check.stderr)\(check.stdout)") }
        let process = try SpawnedProcess(
            Self.binary, ["-db", "-f", file.path], stdout: .file(folder.appendingPathComponent("haproxy.log").path),
            stderr: .file(folder.appendingPathComponent("haproxy.err").path))
        self.process = process
        do {
            try await NginxProcess.awaitListening("haproxy", on: port, process: process) { logText }
        } catch {
            stop()
            throw error
        }
    }

    /// What haproxy logged (one line a request, with the replica that answered, and its checks).
    var logText: String {
        ["haproxy.log", "haproxy.err"].map { (try? String(contentsOf: folder.appendingPathComponent($0), encoding: .utf8)) ?? "" }.joined()
    }

    var base: String { "http://127.0.0.1:\(port)" }

    func stop() {
        process?.signal(SIGTERM)
        _ = process?.waitBlocking(timeout: .seconds(30))
        process = nil
    }

    deinit { stop() }
}

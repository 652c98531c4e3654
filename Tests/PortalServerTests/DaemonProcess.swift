import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import PortalCore
import PortalTestSupport

/// The real `portalgen serve` binary on an ephemeral port, for end-to-end tests over real HTTP.
final class DaemonProcess: @unchecked Sendable {
    let process: SpawnedProcess
    let port: Int
    let log: URL

    /// `softFileLimit` (and `hardFileLimit`): start the daemon through `prlimit` with this `RLIMIT_NOFILE`.
    init(config: String, environment: [String: String] = [:], softFileLimit: Int? = nil, hardFileLimit: Int? = nil) async throws {
        let folder = URL(fileURLWithPath: config).deletingLastPathComponent()
        log = folder.appendingPathComponent("daemon.log")
        let announcement = folder.appendingPathComponent("daemon.out")
        for file in [log, announcement] { FileManager.default.createFile(atPath: file.path, contents: nil) }
        var executable = Fixture.executable.path
        var arguments = ["serve", "--config", config, "--log-level", "debug"]
        if let softFileLimit {
            executable = "/usr/bin/prlimit"
            arguments = ["--nofile=\(softFileLimit):\(hardFileLimit.map(String.init) ?? "")", Fixture.executable.path] + arguments
        }
        process = try SpawnedProcess(
            executable, arguments, environment: ProcessInfo.processInfo.environment.merging(environment) { $1 }, stdout: .file(announcement.path),
            stderr: .file(log.path))
        // The daemon prints "listening on http://127.0.0.1:<port>" once it accepts connections.
        var text = ""
        for _ in 0..<600 where !text.contains("\n") && process.isRunning {
            try await Task.sleep(for: .milliseconds(50))
            text = (try? String(contentsOf: announcement, encoding: .utf8)) ?? ""
        }
        guard let range = text.range(of: "127.0.0.1:"), let port = Int(text[range.upperBound...].prefix { $0.isNumber }) else {
            process.signal()
            throw HTMLError(message: "the daemon did not report its port: \(text)")
        }
        self.port = port
    }

    var base: String { "http://127.0.0.1:\(port)" }

    func stop() {
        process.signal()
        _ = process.waitBlocking(timeout: .seconds(120))
    }

    /// SIGKILL, for tests that must not hang on a daemon that ignores SIGTERM.
    func kill() {
        process.signal(SIGKILL)
        _ = process.waitBlocking(timeout: .seconds(120))
    }

    deinit { kill() }

    var logText: String { (try? String(contentsOf: log, encoding: .utf8)) ?? "" }
}

/// Collects the Server-Sent Events of one `/live/<slug>` subscription.
actor EventCollector {
    private(set) var events: [(name: String, data: String)] = []
    private(set) var status: Int = 0

    func record(status: Int) { self.status = status }

    func append(_ text: String) {
        for block in text.components(separatedBy: "\n\n") where !block.isEmpty {
            var name = "message", data = ""
            for line in block.split(separator: "\n") {
                if line.hasPrefix("event: ") { name = String(line.dropFirst(7)) }
                if line.hasPrefix("data: ") { data = String(line.dropFirst(6)) }
            }
            if block.contains("event: ") { events.append((name, data)) }
        }
    }

    func count(_ name: String) -> Int { events.filter { $0.name == name }.count }

    /// Subscribes and collects until the task is cancelled.
    nonisolated func subscribe(_ url: String, client: HTTPClient, headers: [(String, String)] = []) async {
        var request = HTTPClientRequest(url: url)
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        do {
            let response = try await client.execute(request, timeout: .seconds(120))
            await record(status: Int(response.status.code))
            var pending = ""
            for try await buffer in response.body {
                pending += String(buffer: buffer)
                if let end = pending.range(of: "\n\n", options: .backwards) {
                    await append(String(pending[..<end.upperBound]))
                    pending = String(pending[end.upperBound...])
                }
            }
        } catch {
            await append("event: error\ndata: \(error)\n\n")
        }
    }

    /// Each collector subscribed to its URL, until the returned task is cancelled.
    static func subscribe(_ pairs: [(EventCollector, String)], client: HTTPClient = .shared) -> Task<Void, Never> {
        Task {
            await withTaskGroup(of: Void.self) { group in
                for (collector, url) in pairs { group.addTask { await collector.subscribe(url, client: client) } }
            }
        }
    }

    /// Whether every collector's stream said hello (is connected) within the usual patience.
    static func allSaidHello(_ collectors: [EventCollector]) async -> Bool {
        await eventually {
            for collector in collectors where await collector.count("hello") != 1 { return false }
            return true
        }
    }
}

/// How long a test waits for something that must happen. Waiting ends as soon as it happens, so this only
/// bounds how long a failing test takes. It is generous: the full suite runs browser, PostgreSQL and
/// daemon suites side by side on two cores, where a daemon's first hello once took over 30 s (CI, stop 21).
/// Speed is the bench's business, never a test's.
let patience: Double = 120

/// Polls `condition` until it holds or `seconds` pass.
func eventually(_ seconds: Double = patience, _ condition: () async throws -> Bool) async rethrows -> Bool {
    let deadline = Date().addingTimeInterval(seconds)
    while Date() < deadline {
        if try await condition() { return true }
        try? await Task.sleep(for: .milliseconds(50))
    }
    return try await condition()
}

import Foundation
import PortalCore
import PortalTestSupport

/// A real nginx (Debian's) running the generated configuration on a free loopback port.
final class NginxProcess: @unchecked Sendable {
    static var available: Bool { ["/usr/sbin/nginx", "/usr/bin/nginx"].contains { FileManager.default.isExecutableFile(atPath: $0) } }
    static var binary: String { ["/usr/sbin/nginx", "/usr/bin/nginx"].first { FileManager.default.isExecutableFile(atPath: $0) }! }

    var process: SpawnedProcess?
    let port: Int
    let prefix: URL

    init(serverFile: URL, port: Int, folder: URL, tls: Bool = false) async throws {
        self.port = port
        prefix = folder.appendingPathComponent("nginx")
        try FileManager.default.createDirectory(at: prefix.appendingPathComponent("logs"), withIntermediateDirectories: true)
        let user = getuid() == 0 ? "user root;\n" : ""
        let main = """
            \(user)daemon off;
            worker_processes 1;
            pid \(prefix.path)/nginx.pid;
            error_log \(prefix.path)/logs/error.log warn;
            events { worker_connections 256; }
            http {
                access_log \(prefix.path)/logs/access.log;
                client_body_temp_path \(prefix.path)/body;
                proxy_temp_path \(prefix.path)/proxy;
                fastcgi_temp_path \(prefix.path)/fastcgi;
                uwsgi_temp_path \(prefix.path)/uwsgi;
                scgi_temp_path \(prefix.path)/scgi;
                default_type application/octet-stream;
                include \(serverFile.path);
            }
            """
        let conf = prefix.appendingPathComponent("nginx.conf")
        try main.write(to: conf, atomically: true, encoding: .utf8)
        let check = try await ChildProcess.run(URL(fileURLWithPath: Self.binary), ["-t", "-q", "-p", prefix.path, "-c", conf.path])
        guard check.status == 0 else { throw HTMLError(message: "nginx -t rejected the generated configuration: \(check.stderr)") }
        let process = try SpawnedProcess(Self.binary, ["-p", prefix.path, "-c", conf.path])
        self.process = process
        let errors = prefix.appendingPathComponent("logs/error.log")
        do {
            try await Self.awaitListening("nginx", on: port, tls: tls, process: process) { (try? String(contentsOf: errors, encoding: .utf8)) ?? "" }
        } catch {
            stop()
            throw error
        }
    }

    /// Waits until a server answers on `port`, and throws with its log once its process has ended or a minute
    /// has passed: beside the suite's browsers and builds, nginx has taken seconds to start.
    static func awaitListening(_ name: String, on port: Int, tls: Bool = false, process: SpawnedProcess, log: () -> String) async throws {
        let deadline = ContinuousClock.now + .seconds(60)
        while !(await listening(port, tls: tls)) {
            guard process.isRunning, ContinuousClock.now < deadline else {
                throw HTMLError(message: "\(name) never answered on port \(port): \(log())")
            }
            try await Task.sleep(for: .milliseconds(50))
        }
    }

    func stop() {
        process?.signal()
        _ = process?.waitBlocking(timeout: .seconds(60))
    }

    /// SIGKILL to the workers and the master: connections drop at once, nothing is answered any more.
    func kill() async {
        guard let process else { return }
        // The master stopped first: a running one would start a new worker for each one killed, and that
        // worker would outlive it, still listening.
        process.signal(SIGSTOP)
        _ = try? await ChildProcess.run(URL(fileURLWithPath: "/usr/bin/pkill"), ["-KILL", "-P", String(process.pid)])
        process.signal(SIGKILL)
        // Awaited, not blocked on: a blocked thread of the shared pool would hold up every test running beside.
        _ = await process.status()
        self.process = nil
    }

    deinit { stop() }

    static func listening(_ port: Int, tls: Bool = false) async -> Bool {
        (try? await curl(["-sk", "-o", "/dev/null", "-w", "%{http_code}", "\(tls ? "https" : "http")://127.0.0.1:\(port)/"]))?.body != "000"
    }

    /// Runs curl (which keeps `..` and odd bytes in paths with --path-as-is); returns status code and body.
    static func curl(_ arguments: [String]) async throws -> (status: Int, body: String) {
        let result = try await ChildProcess.run(URL(fileURLWithPath: "/usr/bin/curl"), arguments)
        return (Int(result.status), result.stdout)
    }

    /// A response read by curl with its head (`-D -`): the status, the header fields (lower-cased names; the
    /// last of a repeated one) and the body.
    static func response(_ arguments: [String]) async throws -> (status: Int, headers: [String: String], body: String) {
        let text = try await curl(["-s", "-D", "-"] + arguments).body
        let split = text.range(of: "\r\n\r\n")
        let head = split.map { String(text[..<$0.lowerBound]) } ?? text
        var fields: [String: String] = [:]
        var status = 0
        for (index, line) in head.components(separatedBy: "\r\n").enumerated() {
            if index == 0 {
                status = Int(line.split(separator: " ").dropFirst().first ?? "") ?? 0
            } else if let colon = line.firstIndex(of: ":") {
                fields[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            }
        }
        return (status, fields, split.map { String(text[$0.upperBound...]) } ?? "")
    }

    /// GET `path` as-is; returns the HTTP status and the body.
    func get(_ path: String, user: String? = nil, headers: [String] = [], maxTime: Double = 5) async throws -> (status: Int, body: String) {
        var arguments = ["--path-as-is", "-s", "-m", String(maxTime), "-w", "\n%{http_code}"]
        if let user { arguments += ["-u", user] }
        for header in headers { arguments += ["-H", header] }
        arguments.append("http://127.0.0.1:\(port)\(path)")
        let result = try await Self.curl(arguments)
        let lines = result.body.split(separator: "\n", omittingEmptySubsequences: false)
        return (Int(lines.last ?? "") ?? 0, lines.dropLast().joined(separator: "\n"))
    }

    /// A free TCP port on loopback.
    static func freePort() -> Int { LoopbackPort.free() }

    /// Writes an htpasswd file (apr1 hashes from openssl) for `users`, readable by nginx's workers.
    static func writeHtpasswd(_ path: String, _ users: [(String, String)]) async throws {
        var lines: [String] = []
        for (user, password) in users {
            let hash = try await ChildProcess.run(URL(fileURLWithPath: "/usr/bin/openssl"), ["passwd", "-apr1", password]).stdout
            lines.append("\(user):\(hash.trimmingCharacters(in: .whitespacesAndNewlines))")
        }
        try (lines.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        chmod(path, 0o644)
    }
}

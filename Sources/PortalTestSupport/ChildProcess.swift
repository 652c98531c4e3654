import Foundation
import PortalCore

/// A child process that tests await without blocking a thread: Swift Testing runs suites in parallel on a
/// cooperative pool as wide as the machine has cores, and one blocking wait (a 40-second validator run) starves
/// every other test's timers and streams. Output goes to files, so no pipe can fill up and stall. Started
/// with ``SpawnedProcess`` (not Foundation's `Process`, which crashed and left children unreaped under the
/// suite's many concurrent children).
package final class ChildProcess: Sendable {
    /// How a finished process ended and what it printed.
    package struct Result: Sendable {
        package var status: Int32
        package var stdout: String
        package var stderr: String
    }

    private let process: SpawnedProcess
    private let stdoutFile: URL?
    private let stderrFile: URL?

    /// Starts `executable`; stdout and stderr are captured unless `capture` is false (then they are discarded).
    package init(_ executable: URL, _ arguments: [String], directory: URL? = nil, capture: Bool = true) throws {
        if capture {
            let base = FileManager.default.temporaryDirectory.appendingPathComponent("portalgen-child-\(UUID().uuidString)")
            stdoutFile = base.appendingPathExtension("out")
            stderrFile = base.appendingPathExtension("err")
        } else {
            stdoutFile = nil
            stderrFile = nil
        }
        process = try SpawnedProcess(
            executable.path, arguments, directory: directory?.path,
            stdout: stdoutFile.map { .file($0.path) } ?? .null, stderr: stderrFile.map { .file($0.path) } ?? .null)
    }

    /// Sends `signal` (SIGTERM unless told) if the process still runs.
    package func signal(_ signal: Int32 = SIGTERM) { process.signal(signal) }

    /// The exit status, once the process has ended (128 + the signal for one ended by a signal).
    package func status() async -> Int32 { await process.status() }

    /// Waits for the end and returns the status and the captured output.
    package func result() async -> Result {
        let status = await status()
        func read(_ file: URL?) -> String {
            guard let file, let data = FileManager.default.contents(atPath: file.path) else { return "" }
            try? FileManager.default.removeItem(at: file)
            return String(decoding: data, as: UTF8.self)
        }
        return Result(status: status, stdout: read(stdoutFile), stderr: read(stderrFile))
    }

    /// Runs `executable` to the end.
    package static func run(_ executable: URL, _ arguments: [String], directory: URL? = nil) async throws -> Result {
        try await ChildProcess(executable, arguments, directory: directory).result()
    }
}

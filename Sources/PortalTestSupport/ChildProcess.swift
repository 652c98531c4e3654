import Foundation
import Synchronization

/// A child process that tests await without blocking a thread: Swift Testing runs suites in parallel on a
/// cooperative pool as wide as the machine has cores, and one blocking `waitUntilExit()` (a 40-second validator
/// run) starves every other test's timers and streams. Output goes to files, so no pipe can fill up and stall.
package final class ChildProcess: @unchecked Sendable {
    /// How a finished process ended and what it printed.
    package struct Result: Sendable {
        package var status: Int32
        package var stdout: String
        package var stderr: String
    }

    private let process = Process()
    private let exit = Exit()
    private let stdoutFile: URL?
    private let stderrFile: URL?

    /// Starts `executable`; stdout and stderr are captured unless `capture` is false (then they are discarded).
    package init(_ executable: URL, _ arguments: [String], directory: URL? = nil, capture: Bool = true) throws {
        process.executableURL = executable
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = directory }
        if capture {
            let base = FileManager.default.temporaryDirectory.appendingPathComponent("portalgen-child-\(UUID().uuidString)")
            stdoutFile = base.appendingPathExtension("out")
            stderrFile = base.appendingPathExtension("err")
            for file in [stdoutFile!, stderrFile!] { FileManager.default.createFile(atPath: file.path, contents: nil) }
            process.standardOutput = try FileHandle(forWritingTo: stdoutFile!)
            process.standardError = try FileHandle(forWritingTo: stderrFile!)
        } else {
            stdoutFile = nil
            stderrFile = nil
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
        }
        process.standardInput = FileHandle.nullDevice
        process.terminationHandler = { [exit] process in exit.record(process.terminationStatus) }
        try process.run()
        Self.watch(process.processIdentifier, exit)
    }

    /// Reaps the child if Foundation has not within two seconds of its end. Under many concurrent children,
    /// swift-corelibs-foundation sometimes never reaps one (a `<defunct>` process) and its termination
    /// handler never runs, which hung a whole test run; this watchdog sees the zombie in `/proc` and ends the wait.
    private static func watch(_ pid: Int32, _ exit: Exit) {
        Thread.detachNewThread {
            var zombieSince: Date?
            while !exit.isRecorded {
                Thread.sleep(forTimeInterval: 0.2)
                let stat = (try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8)) ?? ""
                // The state is the field after the command name in parentheses: "Z" for a zombie.
                guard let close = stat.lastIndex(of: ")"), stat[stat.index(after: close)...].trimmingCharacters(in: .whitespaces).hasPrefix("Z") else {
                    zombieSince = nil
                    continue
                }
                guard let since = zombieSince else {
                    zombieSince = Date()
                    continue
                }
                guard Date().timeIntervalSince(since) > 2 else { continue }
                var status: Int32 = 0
                if waitpid(pid, &status, WNOHANG) == pid {
                    exit.record(status & 0x7f == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f))
                }
            }
        }
    }

    /// Sends `signal` (SIGTERM unless told) if the process still runs.
    package func signal(_ signal: Int32 = SIGTERM) {
        if exit.state.withLock({ $0.status == nil }) { kill(process.processIdentifier, signal) }
    }

    /// The exit status, once the process has ended.
    package func status() async -> Int32 {
        await withCheckedContinuation { continuation in
            let finished = exit.state.withLock { state -> Int32? in
                if let status = state.status { return status }
                state.waiters.append(continuation)
                return nil
            }
            if let finished { continuation.resume(returning: finished) }
        }
    }

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

    /// The exit status once known, and who waits for it.
    private final class Exit: Sendable {
        let state = Mutex<(status: Int32?, waiters: [CheckedContinuation<Int32, Never>])>((nil, []))

        var isRecorded: Bool { state.withLock { $0.status != nil } }

        func record(_ status: Int32) {
            let waiters = state.withLock { state -> [CheckedContinuation<Int32, Never>] in
                // The first word wins (the termination handler or the watchdog).
                guard state.status == nil else { return [] }
                state.status = status
                defer { state.waiters = [] }
                return state.waiters
            }
            for waiter in waiters { waiter.resume(returning: status) }
        }
    }
}

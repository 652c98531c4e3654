import CSpawn
import Foundation
import Synchronization

/// A child process started with `posix_spawn`, inheriting nothing but the three descriptors it is given, and
/// reaped by a thread of its own that waits for exactly its pid.
///
/// Foundation's `Process` is not used for children: on Linux it gives each child a close action per open
/// descriptor of the parent (a thousand in a busy test run), registers it with run loops of whatever thread
/// starts it, and under many concurrent children has crashed in `run()` and left a child unreaped, its waiter
/// hanging. Here a child costs one `posix_spawn` with `closefrom(3)` and one thread blocked in `waitpid`.
package final class SpawnedProcess: Sendable {
    /// Where one of the child's standard streams goes.
    package enum Stream: Sendable {
        /// `/dev/null`.
        case null
        /// A descriptor of this process (the child gets a copy; the caller keeps and closes its own).
        case descriptor(Int32)
        /// A file, created or truncated.
        case file(String)
    }

    package let pid: pid_t
    private let exit = Exit()

    /// Starts `executable` (a path) with `arguments`; `environment` nil inherits this process's.
    package init(
        _ executable: String, _ arguments: [String], environment: [String: String]? = nil, directory: String? = nil,
        stdin: Stream = .null, stdout: Stream = .null, stderr: Stream = .null
    ) throws {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        for (target, stream) in [(Int32(0), stdin), (1, stdout), (2, stderr)] {
            switch stream {
            case .null: posix_spawn_file_actions_addopen(&actions, target, "/dev/null", target == 0 ? O_RDONLY : O_WRONLY, 0)
            case .descriptor(let descriptor): posix_spawn_file_actions_adddup2(&actions, descriptor, target)
            case .file(let path): posix_spawn_file_actions_addopen(&actions, target, path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
            }
        }
        cspawn_addclosefrom(&actions, 3)
        if let directory { cspawn_addchdir(&actions, directory) }
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        // The child starts with default signal handling and nothing blocked, whatever this process set.
        var none = sigset_t()
        sigemptyset(&none)
        posix_spawnattr_setsigmask(&attributes, &none)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGPIPE, SIGINT, SIGTERM, SIGHUP, SIGCHLD] { sigaddset(&defaults, signal) }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        let environment = (environment ?? ProcessInfo.processInfo.environment).map { "\($0.key)=\($0.value)" }
        let cArguments = ([executable] + arguments).map { strdup($0) } + [nil]
        let cEnvironment = environment.map { strdup($0) } + [nil]
        defer { for pointer in cArguments + cEnvironment { free(pointer) } }
        var spawned: pid_t = 0
        let result = posix_spawn(&spawned, executable, &actions, &attributes, cArguments, cEnvironment)
        guard result == 0 else {
            throw SpawnError(message: "\(executable) cannot be started: \(String(cString: strerror(result)))")
        }
        let pid = spawned
        self.pid = pid
        let exit = exit
        let reaper = Thread {
            var status: Int32 = 0
            while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
            exit.record(status & 0x7f == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f))
        }
        reaper.name = "portalgen-reaper"
        reaper.start()
    }

    /// Whether the child has not ended yet.
    package var isRunning: Bool { exit.state.withLock { $0.status == nil } }

    /// The exit status (128 + the signal for a child ended by one), once the child has ended.
    package func status() async -> Int32 {
        await withCheckedContinuation { continuation in
            let known = exit.state.withLock { state -> Int32? in
                if let status = state.status { return status }
                state.waiters.append(continuation)
                return nil
            }
            if let known { continuation.resume(returning: known) }
        }
    }

    /// Blocks until the child ends or `timeout` passes; the status, or nil on timeout.
    package func waitBlocking(timeout: Duration) -> Int32? {
        let seconds = Double(timeout.components.seconds) + Double(timeout.components.attoseconds) / 1e18
        if let status = exit.state.withLock({ $0.status }) { return status }
        guard exit.ended.wait(timeout: .now() + seconds) == .success else { return nil }
        exit.ended.signal()
        return exit.state.withLock { $0.status }
    }

    /// Sends `signal` while the child runs (never to a pid that may since belong to another process).
    package func signal(_ signal: Int32 = SIGTERM) {
        exit.state.withLock { state in
            if state.status == nil { _ = kill(pid, signal) }
        }
    }

    /// The exit status once known, and who waits for it.
    private final class Exit: Sendable {
        let state = Mutex<(status: Int32?, waiters: [CheckedContinuation<Int32, Never>])>((nil, []))
        let ended = DispatchSemaphore(value: 0)

        func record(_ status: Int32) {
            let waiters = state.withLock { state in
                state.status = status
                defer { state.waiters = [] }
                return state.waiters
            }
            ended.signal()
            for waiter in waiters { waiter.resume(returning: status) }
        }
    }
}

/// Why a child process could not be started.
package struct SpawnError: Error, CustomStringConvertible, Sendable {
    package var message: String
    package var description: String { message }
}

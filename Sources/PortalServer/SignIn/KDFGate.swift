import Foundation
import PortalCore

/// Bounds the password checks running at once: scrypt at TimeTracker's parameters takes 32 MiB and tens of
/// milliseconds of a core, so a flood of sign-ins must queue rather than take the daemon's memory or every
/// core from `/live` and the page checks. ``permits`` run (one per core, at least one), up to ``maxWaiting``
/// wait, and beyond that a sign-in is told to retry shortly. At most `permits × 128 MiB` (the cap of
/// ``PasswordHash``), 64 MiB on two cores at TimeTracker's defaults, is ever spent on key derivation.
actor KDFGate {
    let permits: Int
    let maxWaiting: Int
    private var running = 0
    private var waiting: [CheckedContinuation<Void, Never>] = []

    init(permits: Int = max(1, ProcessInfo.processInfo.activeProcessorCount), maxWaiting: Int = 256) {
        self.permits = permits
        self.maxWaiting = maxWaiting
    }

    /// Runs `work` on a thread of its own (``BackgroundThread``) once a permit is free; nil when too many already wait.
    func run<T: Sendable>(_ work: @escaping @Sendable () -> T) async throws -> T? {
        if running >= permits {
            guard waiting.count < maxWaiting else { return nil }
            await withCheckedContinuation { waiting.append($0) }
        } else {
            running += 1
        }
        defer {
            if waiting.isEmpty { running -= 1 } else { waiting.removeFirst().resume() }
        }
        return try await BackgroundThread.run(work)
    }
}

import Foundation

/// Runs blocking work on a thread of its own rather than on one of Swift's cooperative threads, which
/// are as many as cores and, during a build, all busy rendering: work queued behind them would wait for a
/// worker to suspend.
package enum BackgroundThread {
    package static func run<T: Sendable, Failure: Error>(_ work: @escaping @Sendable () throws(Failure) -> T) async throws(Failure) -> T {
        let result = await withCheckedContinuation { (continuation: CheckedContinuation<Result<T, Failure>, Never>) in
            let thread = Thread { continuation.resume(returning: Result(catching: work)) }
            thread.name = "portalgen-background"
            thread.start()
        }
        return try result.get()
    }
}

import Foundation

extension Thread {
    /// Runs `body` on a thread of its own and returns a task that awaits its result: for loops that never
    /// await, which would otherwise hold one of the few threads of the pool every test running beside shares.
    package static func task<T: Sendable>(_ body: @escaping @Sendable () -> T) -> Task<T, Never> {
        Task { await withCheckedContinuation { continuation in Thread { continuation.resume(returning: body()) }.start() } }
    }
}

import Foundation

extension Thread {
    /// Runs `body` on a thread of its own, started at once, and returns a task that awaits its result: for
    /// loops that never await, which would otherwise hold (or wait for) one of the few threads of the pool
    /// every test running beside shares.
    package static func task<T: Sendable>(_ body: @escaping @Sendable () -> T) -> Task<T, Never> {
        let (results, result) = AsyncStream.makeStream(of: T.self)
        Thread {
            result.yield(body())
            result.finish()
        }.start()
        return Task {
            var iterator = results.makeAsyncIterator()
            return await iterator.next()!
        }
    }
}

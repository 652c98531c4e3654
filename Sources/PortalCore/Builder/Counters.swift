import Synchronization

/// Shared positions of the parallel workers: the next client to take, and how many are done.
final class Counters: Sendable {
    let next = Mutex(0)
    let done = Mutex(0)
}

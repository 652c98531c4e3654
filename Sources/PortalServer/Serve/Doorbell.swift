/// Wakes the poll loop early: a `NOTIFY` from the database rings it (look now), a write to a SQLite file
/// knocks (check the change token now); otherwise the loop sleeps its interval.
actor Doorbell {
    private var rung = false
    private var knocked = false
    private var waiter: (id: Int, continuation: CheckedContinuation<Bool, Never>)?
    private var nextID = 0
    private var timer: Task<Void, Never>?
    /// Whether notifications arrive (the triggers exist and `LISTEN` is in place).
    private(set) var listening = false

    func setListening(_ value: Bool) { listening = value }

    /// Ends the wait with true: look now.
    func ring() { wake(looking: true) }

    /// Ends the wait early with false: not a reason to look, only to check again now.
    func knock() { wake(looking: false) }

    private func wake(looking: Bool) {
        if let waiter {
            self.waiter = nil
            timer?.cancel()
            waiter.continuation.resume(returning: looking)
        } else if looking {
            rung = true
        } else {
            knocked = true
        }
    }

    /// Returns true when rung (at once if it rang since the last wait), false when knocked or after `duration`.
    func wait(upTo duration: Duration) async -> Bool {
        if rung {
            rung = false
            knocked = false
            return true
        }
        if knocked {
            knocked = false
            return false
        }
        nextID += 1
        let id = nextID
        // Cancellation (shutdown) ends the wait at once, like a ring.
        return await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                // Cancelled before the wait began (the handler below then found nothing to resume).
                if Task.isCancelled {
                    continuation.resume(returning: false)
                    return
                }
                waiter = (id, continuation)
                timer = Task {
                    try? await Task.sleep(for: duration)
                    self.timeOut(id)
                }
            }
        } onCancel: {
            Task { await self.timeOut(id) }
        }
    }

    private func timeOut(_ id: Int) {
        guard let waiter, waiter.id == id else { return }
        self.waiter = nil
        waiter.continuation.resume(returning: false)
    }
}

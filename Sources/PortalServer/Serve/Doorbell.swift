/// Wakes the poll loop early: a `NOTIFY` from the database rings it (look now), a write to a SQLite file
/// knocks (check the change token now); otherwise the loop sleeps its interval.
actor Doorbell {
    /// Why a wait ended.
    enum Wake: Sendable {
        /// Look now.
        case rung
        /// Only check again now.
        case knocked
        /// The wait's time ran out, or the task was cancelled.
        case timedOut
    }

    /// A wake-up that came while nobody waited; a ring outranks a knock.
    private var pending: Wake?
    private var waiter: (id: Int, continuation: CheckedContinuation<Wake, Never>)?
    private var nextID = 0
    private var timer: Task<Void, Never>?
    /// Whether notifications arrive (the triggers exist and `LISTEN` is in place).
    private(set) var listening = false

    func setListening(_ value: Bool) { listening = value }

    /// Ends the wait: look now.
    func ring() { wake(.rung) }

    /// Ends the wait early, not as a reason to look but to check again now.
    func knock() { wake(.knocked) }

    private func wake(_ reason: Wake) {
        if let waiter {
            self.waiter = nil
            timer?.cancel()
            waiter.continuation.resume(returning: reason)
        } else if pending != .rung {
            pending = reason
        }
    }

    /// Why the wait ended: at once if rung or knocked since the last wait, else when it is or after `duration`.
    func wait(upTo duration: Duration) async -> Wake {
        if let reason = pending {
            pending = nil
            return reason
        }
        nextID += 1
        let id = nextID
        // Cancellation (shutdown) ends the wait at once, as if its time ran out.
        return await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                // Cancelled before the wait began (the handler below then found nothing to resume).
                if Task.isCancelled {
                    continuation.resume(returning: .timedOut)
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
        waiter.continuation.resume(returning: .timedOut)
    }
}

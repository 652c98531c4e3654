/// Wakes the poll loop early: a `NOTIFY` from the database rings it; otherwise the loop sleeps its interval.
actor Doorbell {
    private var rung = false
    private var waiter: (id: Int, continuation: CheckedContinuation<Void, Never>)?
    private var nextID = 0
    /// Whether notifications arrive (the triggers exist and `LISTEN` is in place).
    private(set) var listening = false

    func setListening(_ value: Bool) { listening = value }

    func ring() {
        if let waiter {
            self.waiter = nil
            waiter.continuation.resume()
        } else {
            rung = true
        }
    }

    /// Returns when rung (at once if it rang since the last wait) or after `duration`.
    func wait(upTo duration: Duration) async {
        if rung {
            rung = false
            return
        }
        nextID += 1
        let id = nextID
        // Cancellation (shutdown) ends the wait at once, like a ring.
        await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                waiter = (id, continuation)
                Task {
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
        waiter.continuation.resume()
    }
}

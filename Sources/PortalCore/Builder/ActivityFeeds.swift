import Synchronization

/// Every client's activity feed, read once on first use by whichever worker needs it first.
final class ActivityFeeds: Sendable {
    private let database: PortalDatabase
    private let read = Mutex<Task<[Int64: [ActivityRecord]]?, Never>?>(nil)

    init(database: PortalDatabase) { self.database = database }

    /// The feeds, nil when they cannot be read (each client then reads its own).
    func value() async -> [Int64: [ActivityRecord]]? {
        let database = self.database
        let task = read.withLock { task in
            if let task { return task }
            let started = Task { try? await BackgroundThread.run { try ClientScope.allActivities(database) } }
            task = started
            return started
        }
        return await task.value
    }
}

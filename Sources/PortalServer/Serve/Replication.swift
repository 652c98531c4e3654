import Logging
import PortalCore

/// What `serve` knows of PostgreSQL streaming replication when `database` is a hot standby: how far it lags,
/// and when a change the primary announced (`NOTIFY`, heard on `notifyDatabase`) has been replayed.
///
/// A notification arrives as soon as the primary commits; the standby has the change a moment (or, when
/// replication lags or stops, much) later. A build that read the standby before that would find nothing new,
/// and an edit in place would then wait for the next look. So each notification's clients are held until
/// the standby's replay position reaches the primary's position at notification time
/// (``caughtUp()``). One loop serves every waiting notification: it reads the replay position every 10 ms
/// while any waits. A wait over a second is logged with the lag; one over ``bound`` is given up (logged), and
/// the poll loop, whose change signal on a standby is the replay position, builds those clients once the
/// standby replays.
package actor Replication {
    let standby: DatabaseLocation
    let primary: DatabaseLocation?
    let logger: Logger
    private var standbyConnection: PortalDatabase?
    private var primaryConnection: PortalDatabase?
    private var waiters: [Waiter] = []
    private var loop: Task<Void, Never>?
    private var announced = false

    /// How long a notification's clients wait for the standby before the wait is given up.
    static let bound: Duration = .seconds(120)
    /// A wait longer than this is logged (once until the standby catches up).
    static let announceAfter: Duration = .seconds(1)

    struct Waiter {
        var target: LogPosition
        var since: ContinuousClock.Instant
        var continuation: CheckedContinuation<Bool, Never>
    }

    package init(standby: DatabaseLocation, primary: DatabaseLocation?, logger: Logger) {
        self.standby = standby
        self.primary = primary
        self.logger = logger
    }

    /// Returns true once the standby has replayed what the primary had committed when this was called: at
    /// once when `database` is not in recovery (a primary, or a promoted standby). False when the wait was
    /// given up or a position could not be read (the caller then lets the poll loop look).
    package func caughtUp() async -> Bool {
        let target: LogPosition
        do {
            guard let primary, try inRecovery() else { return true }
            // The insert position, not the write position: with `synchronous_commit = off` a commit's record
            // may still sit in the primary's WAL buffers when its notification arrives.
            target = try position(of: primary, "pg_current_wal_insert_lsn()")
            if try replayed() >= target { return true }
        } catch {
            logger.warning("cannot compare the standby's replay position with the primary's; polling instead", metadata: ["error": "\(error)"])
            forget()
            return false
        }
        return await withCheckedContinuation { continuation in
            waiters.append(Waiter(target: target, since: .now, continuation: continuation))
            if loop == nil { loop = Task { await self.follow() } }
        }
    }

    /// Releases waiters as the standby replays, until none is left.
    private func follow() async {
        defer { loop = nil }
        while !waiters.isEmpty {
            let now = ContinuousClock.now
            do {
                let replay = try replayed()
                release { $0.target <= replay ? true : nil }
                if let oldest = waiters.first, now - oldest.since > Self.announceAfter, !announced {
                    announced = true
                    logger.notice(
                        "waiting for the standby to replay the primary's commits before building",
                        metadata: [
                            "behindBytes": "\(oldest.target.bytes(since: replay))", "standby": "\(standby)",
                            "hint": "replication lags, is paused (pg_wal_replay_pause) or has stopped; builds follow once the standby replays",
                        ])
                }
                release { now - $0.since > Self.bound ? false : nil }
            } catch {
                logger.warning("cannot read the standby's replay position; polling instead", metadata: ["error": "\(error)"])
                forget()
                release { _ in false }
            }
            if waiters.isEmpty { break }
            try? await Task.sleep(for: .milliseconds(10))
        }
    }

    /// Resumes the waiters for which `decide` returns a value, with that value.
    private func release(_ decide: (Waiter) -> Bool?) {
        var kept: [Waiter] = []
        for waiter in waiters {
            guard let outcome = decide(waiter) else {
                kept.append(waiter)
                continue
            }
            if !outcome {
                logger.warning(
                    "gave up waiting for the standby to replay a notified change; the poll loop builds it once the standby replays",
                    metadata: ["waitedSeconds": "\((ContinuousClock.now - waiter.since).components.seconds)"])
            } else if announced {
                logger.notice("the standby caught up", metadata: ["waitedMilliseconds": "\((ContinuousClock.now - waiter.since).milliseconds)"])
            }
            waiter.continuation.resume(returning: outcome)
        }
        waiters = kept
        if waiters.isEmpty { announced = false }
    }

    /// The standby's replication figures for `/metrics` and `/admin/status`; nil when it is not in recovery.
    func status() -> ReplicationStatus? {
        do {
            let database = try connection(to: standby)
            var status = try database.read { snapshot -> ReplicationStatus? in
                guard try snapshot.text("SELECT pg_is_in_recovery()::text") == "true" else { return nil }
                return ReplicationStatus(
                    replayPosition: try snapshot.text("SELECT pg_last_wal_replay_lsn()::text"),
                    receivePosition: try snapshot.text("SELECT pg_last_wal_receive_lsn()::text"),
                    replayPaused: try snapshot.text("SELECT pg_is_wal_replay_paused()::text") == "true",
                    secondsSinceLastReplayedCommit: try snapshot.text("SELECT extract(epoch FROM now() - pg_last_xact_replay_timestamp())::text").flatMap(
                        Double.init))
            }
            if let primary, let replay = status?.replayPosition.flatMap(LogPosition.init) {
                let head = try position(of: primary, "pg_current_wal_insert_lsn()")
                status?.primaryPosition = head.description
                status?.lagBytes = head.bytes(since: replay)
            }
            return status
        } catch {
            forget()
            return ReplicationStatus(error: "\(error)")
        }
    }

    /// Whether `standby` is still in recovery (false for a primary, or once promoted).
    func inRecovery() throws -> Bool {
        do {
            return try connection(to: standby).read { try $0.text("SELECT pg_is_in_recovery()::text") } == "true"
        } catch {
            forget()
            throw error
        }
    }

    private func replayed() throws -> LogPosition {
        try position(of: standby, "pg_last_wal_replay_lsn()")
    }

    private func position(of location: DatabaseLocation, _ function: String) throws -> LogPosition {
        let text = try connection(to: location).read { try $0.text("SELECT \(function)::text") }
        guard let text, let position = LogPosition(text) else {
            throw DatabaseOpenError(path: location.description, message: "returned no WAL position for \(function)")
        }
        return position
    }

    private func connection(to location: DatabaseLocation) throws -> PortalDatabase {
        if location == standby, let standbyConnection { return standbyConnection }
        if location == primary, let primaryConnection { return primaryConnection }
        let database = try PortalDatabase(location: location)
        if location == standby { standbyConnection = database } else { primaryConnection = database }
        return database
    }

    /// Drops both connections after a failure; the next read reconnects.
    private func forget() {
        standbyConnection = nil
        primaryConnection = nil
    }
}

/// A hot standby's replication figures (`/admin/status`'s `replication`).
package struct ReplicationStatus: Encodable, Sendable {
    /// What the standby has replayed and received (`pg_last_wal_replay_lsn()`, `pg_last_wal_receive_lsn()`).
    var replayPosition: String?
    var receivePosition: String?
    var replayPaused: Bool?
    /// Seconds since the commit the standby replayed last was made on the primary (grows while the primary
    /// is idle, too).
    var secondsSinceLastReplayedCommit: Double?
    /// The primary's position and how many bytes of WAL the standby has yet to replay (with `notifyDatabase`).
    var primaryPosition: String?
    var lagBytes: Int64?
    /// Why the figures could not be read.
    var error: String?
}

/// A PostgreSQL WAL position (`pg_lsn`, written `16/B374D848`).
struct LogPosition: Comparable, Sendable, CustomStringConvertible {
    var value: UInt64

    init?(_ text: String) {
        let parts = text.split(separator: "/")
        guard parts.count == 2, let high = UInt64(parts[0], radix: 16), let low = UInt64(parts[1], radix: 16), high <= UInt32.max, low <= UInt32.max
        else { return nil }
        value = high << 32 | low
    }

    static func < (a: LogPosition, b: LogPosition) -> Bool { a.value < b.value }

    /// How many bytes of WAL lie between `earlier` and this position (0 when `earlier` is ahead).
    func bytes(since earlier: LogPosition) -> Int64 { value > earlier.value ? Int64(clamping: value - earlier.value) : 0 }

    var description: String { String(value >> 32, radix: 16, uppercase: true) + "/" + String(value & 0xFFFF_FFFF, radix: 16, uppercase: true) }
}

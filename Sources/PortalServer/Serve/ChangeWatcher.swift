import Foundation
import Logging
import PortalCore
import Prometheus
import ServiceLifecycle

/// Notices commits other processes make to the TimeTracker database and queues the affected clients.
///
/// Two loops, each on its own read-only connection:
/// - the poll loop reads the database's change token (SQLite: `PRAGMA data_version`, which changes only when
///   another connection commits; PostgreSQL: `pg_current_wal_lsn()`, which also moves for other databases and
///   autovacuum, so it means "maybe changed") and, on a change, looks up the clients of rows added and timers stopped since its last look (``NewRows``: index
///   lookups, milliseconds at any size), so the commonest changes are built at once;
/// - the scan loop then looks for edits in place and deletions (``EditedRows``: rows with a newer `updated_at`,
///   tables with fewer rows; 10–75 ms on SQLite, a fifth of a second on PostgreSQL at a million entries) and queues their clients, and once the
///   database has been quiet for a second re-reads the per-client aggregates (``ClientFingerprint``: about a
///   second) and queues the clients of every other change (an edit that stamps no `updated_at`, a row moved
///   to another client). Scans wait until no build runs and never delay the poll loop; changes that arrive
///   during a scan are covered by the next one.
///
/// On SQLite the poll loop also wakes as soon as the database's files are written (``FileWatcher``).
///
/// On SQLite with the change log installed (``SQLiteChangeLog``, `portalgen triggers`), the poll loop's look
/// also reads the clients the log names since the last look, edits and deletions included, and the scan
/// loop runs only as a safety net (at most every 30 s) or when the log says "everything".
///
/// On PostgreSQL with the `NOTIFY portalgen` triggers installed (`portalgen triggers`), a third task
/// `LISTEN`s: a notification names the clients whose rows a commit touched, and they are queued at once
/// (edits and deletions too, without a scan) for a build that renders them only when their input digest
/// moved (any role may NOTIFY, so a notification is a hint); one that says "everything" wakes the poll loop. The loop then
/// polls only every few seconds as a safety net. Without the triggers, it polls every `interval`. On a hot standby,
/// which no `NOTIFY` reaches, it listens on the primary (`notifyDatabase`) and holds each notification until the
/// standby has replayed it (``Replication``); once the standby is promoted, on the standby itself.
///
/// Each read is one short transaction. A database that is replaced (new inode, new cluster), locked, missing, down or corrupt is
/// logged and retried with backoff; changes made meanwhile are found by comparing with the last good read.
package struct ChangeWatcher: Service {
    let location: DatabaseLocation
    /// The standby's replication, when `location` is PostgreSQL.
    let replication: Replication?
    let interval: Duration
    let queue: BuildQueue
    let metrics: PortalMetrics
    let logger: Logger

    init(location: DatabaseLocation, replication: Replication?, interval: Duration, queue: BuildQueue, metrics: PortalMetrics, logger: Logger) {
        self.location = location
        self.replication = replication
        self.interval = interval
        self.queue = queue
        self.metrics = metrics
        self.logger = logger
    }

    /// How often the poll loop still looks while notifications arrive. Every commit to a watched table
    /// notifies, and each new `LISTEN` (after a reconnect) starts with a full look, so this is only a
    /// safety net; looking often would run the aggregates beside the builds that browsers wait for.
    static let listeningInterval: Duration = .seconds(30)

    /// A notification naming more clients than this is taken as "something changed" (one look at new rows and
    /// aggregates) rather than as a list of clients to check.
    static let clientsPerNotification = 100

    package func run() async throws {
        let scan = Doorbell()
        let doorbell = Doorbell()
        var watcher: FileWatcher?
        if case .sqlite(let file) = location { watcher = FileWatcher(database: file) { Task { await doorbell.knock() } } }
        defer { watcher?.stop() }
        await withDiscardingTaskGroup { group in
            group.addTask { await scanLoop(scan) }
            let listener = Task { await listenLoop(doorbell) }
            await pollLoop(scan, doorbell: doorbell)
            listener.cancel()
            group.cancelAll()
        }
    }

    /// `LISTEN`s for the triggers' notifications while they exist, reconnecting after a failure; checks again
    /// for the triggers every minute while they are missing.
    func listenLoop(_ doorbell: Doorbell) async {
        guard case .postgres = location else { return }
        var announced: Bool?
        while !Task.isCancelled {
            do {
                let logger = self.logger
                // A standby hears nothing: listen on its primary, and wait for the standby to replay.
                let source = try await listenSource()
                let replication = source == location ? nil : self.replication
                let listened = try await PostgresChangeListener.listen(
                    source,
                    onListening: {
                        // What was committed while nobody listened is found by a full look.
                        Task {
                            await doorbell.setListening(true)
                            await doorbell.ring()
                        }
                        logger.notice(
                            "listening for database notifications; polling every 30 s as a safety net", metadata: ["database": "\(source)"])
                    },
                    onChange: { clients in
                        // A hint, not an order: any role that may connect can NOTIFY (PUBLIC has CONNECT), so the
                        // named clients are queued without force and the build renders only those whose input
                        // digest moved. An edit that moves no aggregate (raw SQL leaving `updated_at` alone;
                        // TimeTracker's own writes always set it) waits for the nightly rebuild. A notification
                        // naming very many clients is only a reason for one cheap look.
                        let started = ContinuousClock.now
                        Task {
                            // Not before the standby has the change: a build would find nothing new.
                            if let replication, await !replication.caughtUp() { return await doorbell.ring() }
                            if let clients, clients.count <= Self.clientsPerNotification {
                                request(clients, stage: "notification", after: started)
                            } else {
                                await doorbell.ring()
                            }
                        }
                    })
                await doorbell.setListening(false)
                if !listened, announced != false {
                    logger.info(
                        "not listening for notifications (no NOTIFY triggers, or a standby, which no NOTIFY reaches); polling",
                        metadata: [
                            "hint":
                                "`portalgen triggers` prints the SQL that adds the triggers on a primary; on a standby, \"notifyDatabase\" names the primary to listen on"
                        ])
                }
                announced = listened
                if Task.isCancelled { return }
                try await Task.sleep(for: listened ? .seconds(1) : .seconds(60))
            } catch is CancellationError {
                return
            } catch {
                await doorbell.setListening(false)
                logger.warning("database notifications interrupted; polling until they are back", metadata: ["error": "\(error)"])
                try? await Task.sleep(for: .seconds(2))
            }
        }
    }

    /// Where notifications come from: `notifyDatabase` while `database` is a hot standby, else `database`.
    func listenSource() async throws -> DatabaseLocation {
        guard let replication, let primary = replication.primary else { return location }
        return try await replication.inRecovery() ? primary : location
    }

    /// Polls `data_version`; finds new rows at once and asks the scan loop for the rest.
    func pollLoop(_ scan: Doorbell, doorbell: Doorbell) async {
        var connection: (database: PortalDatabase, identity: String, version: String)?
        /// The last look and its database, kept across reconnects so changes made meanwhile are not lost.
        var known: (identity: String, mark: RowMark)?
        var failures = 0
        var recheck = false, rung = false
        /// Checks left at ``afterAKnock`` intervals.
        var quick = 0
        var scanned = ContinuousClock.now
        /// Asks for a scan unless the change log already named every changed client (then only as a safety net).
        func scanUnlessLogged(_ look: RowLook) async {
            guard !look.logged || look.everything || ContinuousClock.now - scanned >= Self.listeningInterval else { return }
            scanned = .now
            await scan.ring()
        }
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            do {
                if try connection == nil || connection!.identity != connection!.database.identity() {
                    let database = try PortalDatabase(location: location)
                    let identity = try database.identity()
                    connection = (database, identity, try database.changeToken())
                    let look = try NewRows.read(database, since: known?.identity == identity ? known?.mark : nil)
                    if let previous = known, previous.identity != identity {
                        logger.notice("database was replaced; rebuilding every client", metadata: ["database": "\(location)"])
                        await queue.reopenDatabase()
                    } else if known != nil {
                        request(look.clients, stage: look.logged ? "change log" : "new rows", after: .now)
                    }
                    known = (identity, look.mark)
                    await scanUnlessLogged(look)
                }
                let version = try connection!.database.changeToken()
                let moved = version != connection!.version
                // A moved token is looked at twice: the commit it announces may become visible a moment
                // after its WAL record is written.
                if moved || recheck || rung {
                    let started = ContinuousClock.now
                    connection!.version = version
                    recheck = moved
                    let look = try NewRows.read(connection!.database, since: known?.mark)
                    known = (connection!.identity, look.mark)
                    request(look.clients, stage: look.logged ? "change log" : "new rows", after: started)
                    await scanUnlessLogged(look)
                }
                if failures > 0 {
                    logger.notice("database readable again", metadata: ["database": "\(location)"])
                    failures = 0
                }
                // A knock (a file was written) before the commit is visible is followed by quick checks.
                if moved { quick = 0 }
                let listening = await doorbell.listening
                let pause = quick > 0 ? Self.afterAKnock : listening ? max(interval, Self.listeningInterval) : interval
                quick = max(0, quick - 1)
                let wake = (try? await cancelWhenGracefulShutdown { await doorbell.wait(upTo: pause) }) ?? .timedOut
                rung = wake == .rung
                if wake == .knocked { quick = 3 }
            } catch {
                failures += 1
                connection = nil
                await backOff(failures, error)
            }
        }
    }

    /// How soon the token is checked again after a write to the database's files left it unchanged: the
    /// commit becomes visible a moment after its last write (a WAL commit updates the shared index after its
    /// frame is written).
    static let afterAKnock: Duration = .milliseconds(10)

    /// How long the database must stay quiet after a change before the aggregates are read again.
    static let quietBeforeAggregates: Duration = .seconds(1)
    /// How long a stream of changes may put the aggregates off.
    static let aggregatesAtLeastEvery: Duration = .seconds(30)

    /// Looks for edits and deletions (``EditedRows``) whenever rung, and queues their clients; once the database
    /// has been quiet for ``quietBeforeAggregates`` (or changes kept coming for ``aggregatesAtLeastEvery``),
    /// re-reads the aggregates and queues the clients whose digest moved. Reading the aggregates after every
    /// change queued each change of a stream behind a second of work.
    func scanLoop(_ bell: Doorbell) async {
        var connection: (database: PortalDatabase, identity: String)?
        var known: (identity: String, fingerprint: ClientFingerprint, edits: EditMark)?
        /// Since when the aggregates are owed: a change came after their last read, or that read failed.
        var owed: ContinuousClock.Instant?
        var failures = 0
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            // The first read is the baseline and must not wait: a change made during the start-up build
            // would otherwise be in it and never be noticed.
            let rung = known == nil ? false : await bell.wait(upTo: owed == nil ? .seconds(3600) : Self.quietBeforeAggregates) == .rung
            if Task.isCancelled { return }
            do {
                if try connection == nil || connection!.identity != connection!.database.identity() {
                    let database = try PortalDatabase(location: location)
                    connection = (database, try database.identity())
                }
                let database = connection!.database
                // Another file (a restore) is rebuilt whole by the poll loop: start afresh.
                let previous = known?.identity == connection!.identity ? known : nil
                if var previous {
                    if rung {
                        await queue.idle()
                        let started = ContinuousClock.now
                        let look = try EditedRows.read(database, since: previous.edits)
                        previous.edits = look.mark
                        known = previous
                        request(look.clients, stage: "edits", after: started)
                        owed = owed ?? started
                        if ContinuousClock.now - owed! < Self.aggregatesAtLeastEvery { continue }
                    }
                    guard owed != nil else { continue }
                    await queue.idle()
                }
                let started = ContinuousClock.now
                let edits = try previous?.edits ?? EditedRows.read(database, since: nil).mark
                let fingerprint = try ClientFingerprint.read(database, previous: previous?.fingerprint)
                if let previous { request(fingerprint.changedClients(since: previous.fingerprint), stage: "aggregates", after: started) }
                known = (connection!.identity, fingerprint, edits)
                owed = nil
                logger.debug("aggregates read", metadata: ["milliseconds": "\((ContinuousClock.now - started).milliseconds)"])
                failures = 0
            } catch {
                failures += 1
                connection = nil
                owed = owed ?? .now
                await backOff(failures, error)
            }
        }
    }

    /// Queues the changed clients. Clients the aggregates name again after their new rows were built cost a
    /// cheap check: their inputs are unchanged, so nothing is rendered.
    func request(_ changed: Set<Int64>, stage: String, after started: ContinuousClock.Instant, force: Bool = false) {
        guard !changed.isEmpty else { return }
        logger.debug(
            "database changed",
            metadata: ["clients": "\(changed.sorted())", "found": "\(stage)", "milliseconds": "\((ContinuousClock.now - started).milliseconds)"])
        let queue = self.queue
        Task { await queue.request(clients: changed.map(String.init), force: force) }
    }

    func backOff(_ failures: Int, _ error: any Error) async {
        metrics.databaseErrors.increment()
        let delay = min(5.0, 0.25 * Double(1 << min(failures, 5)))
        logger.error("cannot read the database; retrying", metadata: ["error": "\(error)", "retry_in_seconds": "\(delay)"])
        try? await cancelWhenGracefulShutdown { try await Task.sleep(for: .seconds(delay)) }
    }
}

extension Duration {
    /// Whole milliseconds, for log lines.
    var milliseconds: Int64 { components.seconds * 1000 + components.attoseconds / 1_000_000_000_000_000 }
}

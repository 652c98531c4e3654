import Foundation
import GRDB
import Logging
import PortalCore
import ServiceLifecycle

/// Notices commits other processes make to the TimeTracker database and queues the affected clients.
///
/// Two loops, each on its own read-only connection:
/// - the poll loop reads `PRAGMA data_version` (it changes only when another connection commits) and, on a
///   change, looks up the clients of rows added and timers stopped since its last look (``NewRows``: index
///   lookups, milliseconds at any size), so the commonest changes are built at once;
/// - the scan loop then re-reads the per-client aggregates (``ClientFingerprint``: a few hundred milliseconds
///   on a large database) and queues the clients of every other change: edits in place and deletions.
///   Scans wait until no build runs and never delay the poll loop; changes that arrive during a scan are
///   covered by the next one.
///
/// Each read is one short transaction. A database that is replaced (new inode), locked, missing or corrupt is
/// logged and retried with backoff; changes made meanwhile are found by comparing with the last good read.
public struct ChangeWatcher: Service {
    let path: String
    let interval: Duration
    let queue: BuildQueue
    let metrics: PortalMetrics
    let logger: Logger

    public init(path: String, interval: Duration, queue: BuildQueue, metrics: PortalMetrics, logger: Logger) {
        self.path = path
        self.interval = interval
        self.queue = queue
        self.metrics = metrics
        self.logger = logger
    }

    public func run() async throws {
        let (scans, scan) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
        await withDiscardingTaskGroup { group in
            group.addTask { await scanLoop(scans) }
            scan.yield()
            await pollLoop(scan)
            scan.finish()
        }
    }

    /// Polls `data_version`; finds new rows at once and asks the scan loop for the rest.
    func pollLoop(_ scan: AsyncStream<Void>.Continuation) async {
        var connection: (database: PortalDatabase, inode: UInt64, version: Int64)?
        /// The last look and its file, kept across reconnects so changes made meanwhile are not lost.
        var known: (inode: UInt64, mark: RowMark)?
        var failures = 0
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            do {
                if connection == nil || connection!.inode != Self.inode(path) {
                    let database = try PortalDatabase(path: path)
                    let inode = Self.inode(path)
                    connection = (database, inode, try Self.dataVersion(database))
                    let look = try NewRows.read(database, since: known?.inode == inode ? known?.mark : nil)
                    if let previous = known, previous.inode != inode {
                        logger.notice("database file was replaced; rebuilding every client", metadata: ["path": "\(path)"])
                        await queue.reopenDatabase()
                    } else if known != nil {
                        request(look.clients, stage: "new rows", after: .now)
                    }
                    known = (inode, look.mark)
                    scan.yield()
                }
                let version = try Self.dataVersion(connection!.database)
                if version != connection!.version {
                    let started = ContinuousClock.now
                    connection!.version = version
                    let look = try NewRows.read(connection!.database, since: known?.mark)
                    known = (connection!.inode, look.mark)
                    request(look.clients, stage: "new rows", after: started)
                    scan.yield()
                }
                if failures > 0 {
                    logger.notice("database readable again", metadata: ["path": "\(path)"])
                    failures = 0
                }
                try? await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
            } catch {
                failures += 1
                connection = nil
                await backOff(failures, error)
            }
        }
    }

    /// Re-reads the aggregates whenever asked, and queues the clients whose digest moved.
    func scanLoop(_ requests: AsyncStream<Void>) async {
        var connection: (database: PortalDatabase, inode: UInt64)?
        var known: (inode: UInt64, fingerprint: ClientFingerprint)?
        var failures = 0
        for await _ in requests {
            // The first read is the baseline and must not wait: a change made during the start-up build
            // would otherwise be in it and never be noticed.
            if known != nil { await queue.idle() }
            while !Task.isCancelled && !Task.isShuttingDownGracefully {
                do {
                    if connection == nil || connection!.inode != Self.inode(path) {
                        let database = try PortalDatabase(path: path)
                        connection = (database, Self.inode(path))
                    }
                    let started = ContinuousClock.now
                    // Another file (a restore) is rebuilt whole by the poll loop: start afresh.
                    let previous = known?.inode == connection!.inode ? known?.fingerprint : nil
                    let fingerprint = try ClientFingerprint.read(connection!.database, previous: previous)
                    if let previous { request(fingerprint.changedClients(since: previous), stage: "aggregates", after: started) }
                    known = (connection!.inode, fingerprint)
                    logger.debug("aggregates read", metadata: ["milliseconds": "\((ContinuousClock.now - started).milliseconds)"])
                    failures = 0
                    break
                } catch {
                    failures += 1
                    connection = nil
                    await backOff(failures, error)
                }
            }
        }
    }

    /// Queues the changed clients. Clients the aggregates name again after their new rows were built cost a
    /// cheap check: their inputs are unchanged, so nothing is rendered.
    func request(_ changed: Set<Int64>, stage: String, after started: ContinuousClock.Instant) {
        guard !changed.isEmpty else { return }
        logger.debug(
            "database changed",
            metadata: ["clients": "\(changed.sorted())", "found": "\(stage)", "milliseconds": "\((ContinuousClock.now - started).milliseconds)"])
        let queue = self.queue
        Task { await queue.request(clients: changed.map(String.init)) }
    }

    func backOff(_ failures: Int, _ error: any Error) async {
        metrics.databaseErrors.increment()
        let delay = min(5.0, 0.25 * Double(1 << min(failures, 5)))
        logger.error("cannot read the database; retrying", metadata: ["error": "\(error)", "retry_in_seconds": "\(delay)"])
        try? await cancelWhenGracefulShutdown { try await Task.sleep(for: .seconds(delay)) }
    }

    static func dataVersion(_ database: PortalDatabase) throws -> Int64 {
        try database.read { db in try Int64.fetchOne(db, sql: "PRAGMA data_version") ?? 0 }
    }

    static func inode(_ path: String) -> UInt64 {
        var info = stat()
        return stat(path, &info) == 0 ? UInt64(info.st_ino) : 0
    }
}

extension Duration {
    /// Whole milliseconds, for log lines.
    var milliseconds: Int64 { components.seconds * 1000 + components.attoseconds / 1_000_000_000_000_000 }
}

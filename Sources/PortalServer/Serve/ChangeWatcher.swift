import Foundation
import GRDB
import Logging
import PortalCore
import ServiceLifecycle

/// Notices commits other processes make to the TimeTracker database and queues the affected clients.
///
/// Polls `PRAGMA data_version` on one long-lived read-only connection (it changes only when another
/// connection commits); on a change, reads the per-client fingerprints and queues the clients whose
/// fingerprint moved. Each check is one short read; no transaction stays open between polls. A database
/// that is replaced (new inode), locked, missing or corrupt is logged and retried with backoff.
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

    struct Connection {
        let database: PortalDatabase
        let inode: UInt64
        var version: Int64
        var fingerprint: ClientFingerprint
    }

    public func run() async throws {
        var connection: Connection?
        var failures = 0
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            do {
                if connection == nil || connection!.inode != Self.inode(path) {
                    let reopened = connection != nil
                    connection = try open()
                    failures = 0
                    if reopened {
                        logger.notice("database file was replaced; rebuilding every client", metadata: ["path": "\(path)"])
                        await queue.reopenDatabase()
                    }
                }
                let version = try connection!.database.read { db in try Int64.fetchOne(db, sql: "PRAGMA data_version") ?? 0 }
                if version != connection!.version {
                    connection!.version = version
                    let fingerprint = try ClientFingerprint.read(connection!.database, previous: connection!.fingerprint)
                    let changed = fingerprint.changedClients(since: connection!.fingerprint)
                    connection!.fingerprint = fingerprint
                    if !changed.isEmpty {
                        logger.debug("database changed", metadata: ["clients": "\(changed.sorted())"])
                        await queue.request(clients: changed.map(String.init))
                    }
                }
                if failures > 0 {
                    logger.notice("database readable again", metadata: ["path": "\(path)"])
                    failures = 0
                }
                try? await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
            } catch {
                failures += 1
                metrics.databaseErrors.increment()
                connection = nil
                let delay = min(5.0, 0.25 * Double(1 << min(failures, 5)))
                logger.error("cannot read the database; retrying", metadata: ["error": "\(error)", "retry_in_seconds": "\(delay)"])
                try? await cancelWhenGracefulShutdown { try await Task.sleep(for: .seconds(delay)) }
            }
        }
    }

    func open() throws -> Connection {
        let database = try PortalDatabase(path: path)
        let version = try database.read { db in try Int64.fetchOne(db, sql: "PRAGMA data_version") ?? 0 }
        return Connection(database: database, inode: Self.inode(path), version: version, fingerprint: try ClientFingerprint.read(database))
    }

    static func inode(_ path: String) -> UInt64 {
        var info = stat()
        return stat(path, &info) == 0 ? UInt64(info.st_ino) : 0
    }
}

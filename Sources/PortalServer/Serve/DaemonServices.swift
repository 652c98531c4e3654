import Foundation
import Logging
import PortalCore
import ServiceLifecycle
import Synchronization

/// Sends heartbeats to every live connection, and closes them all at graceful shutdown.
struct LiveHeartbeat: Service {
    let hub: LiveHub
    let interval: Duration

    func run() async throws {
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
            await hub.heartbeat()
        }
        await hub.close()
    }
}

/// Reloads `config.json` on SIGHUP and hands it to the build queue; a broken file is logged and ignored.
struct ConfigurationReloader: Service {
    let file: URL
    let queue: BuildQueue
    let logger: Logger

    func run() async throws {
        let (signals, continuation) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
        signal(SIGHUP, SIG_IGN)
        let source = DispatchSource.makeSignalSource(signal: SIGHUP, queue: .global())
        source.setEventHandler { continuation.yield() }
        source.resume()
        defer { source.cancel() }
        for await _ in signals.cancelOnGracefulShutdown() {
            do {
                let configuration = try PortalConfiguration.load(from: file)
                logger.notice("configuration reloaded", metadata: ["file": "\(file.path)"])
                await queue.replace(configuration: configuration)
            } catch {
                logger.error("configuration not reloaded; keeping the previous one", metadata: ["error": "\(error)"])
            }
        }
    }
}

/// Whether the daemon is draining: stopping, and telling the load balancer in front of the replicas so.
final class Draining: Sendable {
    private let flag = Atomic<Bool>(false)
    var isOn: Bool { flag.load(ordering: .relaxed) }
    func start() { flag.store(true, ordering: .relaxed) }
}

/// On SIGTERM, before anything stops: `/healthz` answers 503 for `seconds`, long enough for haproxy's health
/// checks to take the replica out (it sends new requests and reconnecting streams to the others), while the
/// requests and `/live` streams in progress go on. Then the services stop in reverse order: the hub ends
/// every stream (the pages reconnect, through haproxy, to another replica), the server closes.
struct Drain: Service {
    let draining: Draining
    let seconds: Int
    let logger: Logger

    func run() async throws {
        try? await gracefulShutdown()
        guard seconds > 0 else { return }
        draining.start()
        logger.notice(
            "draining: /healthz answers 503 so the load balancer sends new requests elsewhere; live streams end after the wait",
            metadata: ["seconds": "\(seconds)"])
        try? await Task.sleep(for: .seconds(seconds))
    }
}

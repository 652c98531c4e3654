import Foundation
import Logging
import PortalCore
import ServiceLifecycle

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

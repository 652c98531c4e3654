import Foundation
import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
import PortalCore
import ServiceLifecycle
import UnixSignals

/// `portalgen serve`: the long-running daemon. Builds everything at start, then follows database changes,
/// serves live events, admin and health endpoints, and runs the nightly rebuild, all under one
/// `ServiceGroup` (SIGTERM/SIGINT shut down gracefully: the batch in progress finishes, connections close).
package struct PortalDaemon {
    package let configuration: PortalConfiguration
    package let logger: Logger

    package init(configuration: PortalConfiguration, logger: Logger) {
        self.configuration = configuration
        self.logger = logger
    }

    /// Runs until shutdown. `onListening` receives the bound port (useful with port 0).
    package func run(onListening: @escaping @Sendable (Int) -> Void = { _ in }) async throws {
        let fileLimit = Self.raiseOpenFileLimit(logger: logger)
        let environment = ProcessInfo.processInfo.environment
        let server = configuration.server
        // TimeTracker's settings name the company on the sign-in page and the nightly rebuild's time zone; a
        // database that cannot be read now is retried by the build queue, and these fall back.
        let settings = try? Portal(configuration: configuration).settings()
        let hub = LiveHub()
        let metrics = PortalMetrics()
        let queue = BuildQueue(configuration: configuration, hub: hub, metrics: metrics, logger: logger)
        await queue.request(all: true)

        let logins = LoginTable()
        var signIn: SignInRoutes?
        if configuration.proxy.mode == "timetracker" {
            let keys = try SessionCookie.Keys.parse(environment[configuration.proxy.sessionKeyEnv], variable: configuration.proxy.sessionKeyEnv).get()
            let company = settings?.companyName ?? ""
            signIn = SignInRoutes(
                settings: configuration.proxy, keys: keys, table: logins, throttle: SignInThrottle(), gate: KDFGate(),
                proxySecret: environment[server.proxySecretEnv].flatMap { $0.isEmpty ? nil : $0 }, company: company,
                timetrackerURL: configuration.timetrackerURL,
                usedLinks: UsedLinks(file: configuration.outputFolder.usedLinks), logger: logger)
        }
        var replication: Replication?
        if case .postgres = configuration.database {
            replication = Replication(standby: configuration.database, primary: configuration.notifyDatabase, logger: logger)
        }
        let draining = Draining()
        let routes = DaemonRoutes(
            queue: queue, hub: hub, metrics: metrics, adminToken: environment[server.adminTokenEnv], proxySecret: environment[server.proxySecretEnv],
            heartbeat: .seconds(server.heartbeatSeconds), signIn: signIn, viewsLog: configuration.proxy.viewsLog, replication: replication, draining: draining)
        if routes.adminToken == nil {
            logger.notice("admin endpoints are off", metadata: ["hint": "set \(server.adminTokenEnv) to enable POST /admin/rebuild and GET /admin/status"])
        }
        let budget = ConnectionBudget(limit: ConnectionBudget.safeLimit(configured: server.maxConnections, fileLimit: fileLimit))
        if let wanted = server.maxConnections, wanted > budget.limit {
            logger.warning(
                "server.maxConnections is above what the open-file limit allows; using the lower figure",
                metadata: [
                    "configured": "\(wanted)", "using": "\(budget.limit)", "openFileLimit": "\(fileLimit)", "hint": "raise LimitNOFILE= in the systemd unit",
                ])
        }
        logger.info("connection limit", metadata: ["connections": "\(budget.limit)", "idleTimeoutSeconds": "\(server.idleTimeoutSeconds)"])
        let app = Application(
            router: routes.router(),
            server: .http1(
                configuration: .init(additionalChannelHandlers: [ConnectionGate(budget: budget)], idleTimeout: .seconds(Int64(server.idleTimeoutSeconds)))),
            configuration: .init(
                address: .hostname(server.host, port: server.port), serverName: "portalgen",
                availableConnectionsDelegate: MaximumAvailableConnections(budget.acceptLimit, logger: logger)),
            onServerRunning: { channel in onListening(channel.localAddress?.port ?? server.port) },
            logger: logger)
        var zone = TimeZone(identifier: server.nightlyTimeZone ?? "") ?? TimeZone(identifier: "UTC")!
        if server.nightlyTimeZone == nil, let settings {
            zone = settings.timeZone
        }
        try FileManager.default.createDirectory(at: configuration.output, withIntermediateDirectories: true)
        var services: [any Service] = [
            queue,
            ChangeWatcher(
                location: configuration.database, replication: replication, interval: .milliseconds(server.pollMilliseconds), queue: queue, metrics: metrics,
                logger: logger),
            LoginWatcher(configuration: configuration, table: logins, logger: logger),
            NightlyScheduler(
                minuteOfDay: server.nightlyMinute ?? 180, zone: zone, stateFile: configuration.outputFolder.nightly,
                queue: queue,
                logger: logger),
            app,
            // After the HTTP server: a service group shuts its services down in reverse order, so the hub
            // ends every `/live` stream first and the server then finds no connection to wait for.
            LiveHeartbeat(hub: hub, interval: .seconds(server.heartbeatSeconds)),
        ]
        if let file = configuration.source { services.append(ConfigurationReloader(file: file, queue: queue, logger: logger)) }
        // Last, so it is the first to hear SIGTERM: it holds the rest while the load balancer moves away.
        services.append(Drain(draining: draining, seconds: server.drainSeconds, logger: logger))
        let group = ServiceGroup(configuration: .init(services: services, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await group.run()
    }

    /// Every `/live` stream holds a file descriptor; the soft limit (often 1,024) is raised to the hard one.
    /// Returns the soft limit in force afterwards.
    @discardableResult
    package static func raiseOpenFileLimit(logger: Logger) -> Int {
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 else { return 1024 }
        let soft = limit.rlim_cur
        if soft < limit.rlim_max {
            limit.rlim_cur = limit.rlim_max
            if setrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 {
                logger.info("open file limit raised", metadata: ["from": "\(soft)", "to": "\(limit.rlim_max)"])
            } else {
                logger.warning("could not raise the open file limit", metadata: ["soft": "\(soft)", "hard": "\(limit.rlim_max)"])
                limit.rlim_cur = soft
            }
        }
        return Int(clamping: limit.rlim_cur)
    }
}

import Foundation
import Logging
import PortalCore
import Prometheus
import ServiceLifecycle

/// Serialises builds: requests arriving while a batch runs are coalesced into the next batch, so a client is
/// never built twice at once. After each batch, browsers of changed clients are told through the ``LiveHub``.
package actor BuildQueue: Service {
    /// The last build of one client, for `/admin/status`.
    package struct ClientStatus: Sendable, Codable {
        package var slug: String
        package var buildID: String?
        package var finishedAt: Date
        package var seconds: Double
        package var filesWritten: Int
        package var error: String?
        /// The stage that failed (`theme`, `read`, `publish`) when `error` is set.
        package var failedStage: BuildFailure.Stage?
    }

    /// A recent failure, for `/admin/status`.
    package struct Failure: Sendable, Codable {
        package var at: Date
        package var message: String
    }

    package private(set) var configuration: PortalConfiguration
    /// Opened on first use and dropped after a database error, so a replaced or repaired file is reopened.
    private var openBuilder: PortalBuilder?
    private let hub: LiveHub
    private let metrics: PortalMetrics
    private let logger: Logger
    private var pendingAll = false
    private var pendingForce = false
    private var pending: Set<String> = []
    private var generation = 0
    private var completed = 0
    private var waiters: [(Int, CheckedContinuation<Void, Never>)] = []
    private var idleWaiters: [CheckedContinuation<Void, Never>] = []
    private var stopped = false
    private let wake: AsyncStream<Void>.Continuation
    private let wakes: AsyncStream<Void>
    package private(set) var running = false
    package private(set) var statuses: [String: ClientStatus] = [:]
    package private(set) var failures: [Failure] = []
    package private(set) var lastFullBuild: Date?
    /// Slugs of the clients that qualified at the last full build.
    package private(set) var knownSlugs: Set<String> = []

    package init(configuration: PortalConfiguration, hub: LiveHub, metrics: PortalMetrics, logger: Logger) {
        self.configuration = configuration
        self.hub = hub
        self.metrics = metrics
        self.logger = logger
        (wakes, wake) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
    }

    private func builder() throws -> PortalBuilder {
        if let openBuilder { return openBuilder }
        let builder = try PortalBuilder(configuration: configuration)
        openBuilder = builder
        return builder
    }

    /// Reopens the database (the file was replaced) and rebuilds everything.
    package func reopenDatabase() {
        openBuilder = nil
        request(all: true)
    }

    /// Uses a new configuration (SIGHUP) and rebuilds everything.
    package func replace(configuration: PortalConfiguration) {
        self.configuration = configuration
        openBuilder = nil
        request(all: true)
    }

    /// Whether `slug` has a published site (the only slugs a browser may subscribe to).
    package func hasSite(_ slug: String) -> Bool {
        knownSlugs.contains(slug) || Publisher(output: configuration.output).currentDirectory(slug: slug) != nil
    }

    /// The version of a page of `slug`'s current site (its `portalgen-version` meta), nil when it has none.
    package func pageVersion(_ slug: String, page: String) -> String? {
        Publisher(output: configuration.output).pageVersion(slug: slug, path: page)
    }

    /// The clients that qualify now (for validating admin requests and live subscriptions).
    package func qualifyingClients() throws -> [PortalClient] { try builder().portal.clients() }

    /// The open invoices of each qualifying client, by slug (for `/admin/status`).
    func openInvoices() throws -> [(slug: String, invoices: [OpenInvoice])] {
        let portal = try builder().portal
        let open = try portal.openInvoices()
        return try portal.clients().compactMap { client in open[client.id].map { (client.slug, $0) } }
    }

    /// Queues a rebuild of every client (`all`) or of the given client ids or slugs.
    @discardableResult
    package func request(all: Bool = false, clients: some Sequence<String> = [String](), force: Bool = false) -> Int {
        if all { pendingAll = true } else { pending.formUnion(clients) }
        if force { pendingForce = true }
        metrics.queueLength.set(to: Double(pendingAll ? max(knownSlugs.count, 1) : pending.count))
        wake.yield()
        return generation + 1
    }

    /// Queues a rebuild and waits until the batch that includes it has finished.
    package func rebuild(all: Bool = false, clients: [String] = [], force: Bool = false) async {
        let target = request(all: all, clients: clients, force: force)
        await withCheckedContinuation { continuation in
            if completed >= target { continuation.resume() } else { waiters.append((target, continuation)) }
        }
    }

    package var queued: Int { pendingAll ? -1 : pending.count }

    /// Returns once no build runs and none is queued (the watcher's slow scan waits for this, so it does
    /// not compete with the builds that browsers are waiting for).
    package func idle() async {
        if stopped || (!running && !pendingAll && pending.isEmpty) { return }
        await withCheckedContinuation { idleWaiters.append($0) }
    }

    /// The build loop: one batch at a time until graceful shutdown; the batch in progress finishes first.
    package func run() async throws {
        for await _ in wakes.cancelOnGracefulShutdown() {
            while pendingAll || !pending.isEmpty {
                await runBatch()
            }
        }
        stopped = true
        for continuation in idleWaiters { continuation.resume() }
        idleWaiters = []
        logger.info("build queue stopped")
    }

    private func runBatch() async {
        var all = pendingAll
        var clients = Array(pending).sorted()
        let force = pendingForce
        pendingForce = false
        pendingAll = false
        pending = []
        generation += 1
        let batch = generation
        running = true
        metrics.queueLength.set(to: 0)
        let started = ContinuousClock.now
        do {
            // A client that starts or stops qualifying needs a full build (which also removes old sites);
            // changes to clients without a portal need nothing.
            let builder = try builder()
            let directory = try builder.portal.clientsAndAccounts(recordingSlugs: true)
            let qualifying = directory.clients
            if Set(qualifying.map(\.slug)) != knownSlugs { all = true }
            clients = clients.filter { selector in qualifying.contains { $0.isSelected(by: selector) } }
            if !all && clients.isEmpty {
                finish(batch)
                return
            }
            let report = try await builder.build(only: all ? nil : clients, force: force, directory: directory)
            record(report, full: all)
            let written = report.written
            logger.info(
                "build finished",
                metadata: [
                    "clients": "\(report.clients.count)", "rendered": "\(report.rendered)", "written": "\(written)", "failed": "\(report.failures.count)",
                    "seconds": "\(String(format: "%.3f", report.seconds))",
                ])
            switch report.proxyReload {
            case .reloaded?: logger.notice("login map changed; proxy reloaded")
            case .failed(let message)?:
                remember(message)
                logger.error("proxy reload failed", metadata: ["error": "\(message)"])
            case nil: break
            }
            for result in report.clients where result.publish?.didChange == true {
                let listeners = await hub.publish(result.slug, buildID: result.publish!.buildID, changedPaths: Set(result.publish!.changedPaths))
                metrics.liveEvents.increment(by: Int64(listeners))
            }
            for result in report.clients where result.succeeded {
                if let id = result.publish?.buildID { await hub.setBuildID(result.slug, id) }
            }
        } catch {
            metrics.databaseErrors.increment()
            openBuilder = nil
            remember("build failed: \(error)")
            logger.error("build failed; retrying with backoff", metadata: ["error": "\(error)"])
            // Keep the work: retry after a pause (locked, missing or half-migrated database).
            if all { pendingAll = true } else { pending.formUnion(clients) }
            if force { pendingForce = true }
            try? await Task.sleep(for: .seconds(min(30, 0.5 * Double(1 << min(failures.count, 6)))))
        }
        metrics.buildSeconds.record(ContinuousClock.now - started)
        finish(batch)
    }

    private func finish(_ batch: Int) {
        running = false
        completed = batch
        let ready = waiters.filter { $0.0 <= batch }
        waiters.removeAll { $0.0 <= batch }
        for (_, continuation) in ready { continuation.resume() }
        if !pendingAll && pending.isEmpty {
            let idle = idleWaiters
            idleWaiters = []
            for continuation in idle { continuation.resume() }
        }
    }

    private func record(_ report: BuildReport, full: Bool) {
        let now = Date()
        for result in report.clients {
            metrics.builds.increment()
            if let error = result.error {
                metrics.failedBuilds.increment()
                remember("\(result.slug): \(error)")
            }
            metrics.filesWritten.increment(by: Int64(result.publish?.written ?? 0))
            statuses[result.slug] = ClientStatus(
                slug: result.slug, buildID: result.publish?.buildID ?? statuses[result.slug]?.buildID, finishedAt: now, seconds: result.seconds,
                filesWritten: result.publish?.written ?? 0, error: result.error?.description, failedStage: result.error?.stage)
        }
        for slug in report.removed { statuses[slug] = nil }
        if full {
            lastFullBuild = now
            knownSlugs = Set(report.clients.map(\.slug))
        }
    }

    private func remember(_ message: String) {
        failures.append(Failure(at: Date(), message: message))
        if failures.count > 20 { failures.removeFirst(failures.count - 20) }
    }

    /// Forgets old failures once builds succeed again (so backoff resets).
    package func clearFailures() { failures = [] }
}

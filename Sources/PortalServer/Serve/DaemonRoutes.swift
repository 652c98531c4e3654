import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import PortalCore
import Prometheus

/// The daemon's HTTP interface: `/live/<slug>` (SSE), `/admin/rebuild`, `/admin/status`, `/healthz`, `/metrics`.
package struct DaemonRoutes: Sendable {
    let queue: BuildQueue
    let hub: LiveHub
    let metrics: PortalMetrics
    /// nil turns `/admin/*` off.
    let adminToken: String?
    /// When set, `/live/*` requires `X-Portalgen-Secret` with this value (only the proxy knows it).
    let proxySecret: String?
    let heartbeat: Duration
    /// The sign-in routes of `proxy.mode = "timetracker"`, else nil.
    let signIn: SignInRoutes?
    /// nginx's views log, for the last view of each open invoice in `/admin/status`.
    let views: ViewTail
    /// A hot standby's replication figures, for `/metrics` and `/admin/status`.
    let replication: Replication?
    /// Set while a stopping daemon drains: `/healthz` then answers 503.
    let draining: Draining

    init(
        queue: BuildQueue, hub: LiveHub, metrics: PortalMetrics, adminToken: String?, proxySecret: String?, heartbeat: Duration, signIn: SignInRoutes? = nil,
        viewsLog: String = "", replication: Replication? = nil,
        draining: Draining = Draining()
    ) {
        self.draining = draining
        views = ViewTail(path: viewsLog)
        self.replication = replication
        self.signIn = signIn
        self.queue = queue
        self.hub = hub
        self.metrics = metrics
        self.adminToken = adminToken.flatMap { $0.isEmpty ? nil : $0 }
        self.proxySecret = proxySecret.flatMap { $0.isEmpty ? nil : $0 }
        self.heartbeat = heartbeat
    }

    static let secretHeader = HTTPField.Name("X-Portalgen-Secret")!

    package func router() -> Router<DaemonRequestContext> {
        let router = Router(context: DaemonRequestContext.self)
        router.get("/healthz") { _, _ -> Response in
            draining.isOn ? Self.text("draining\n", status: .serviceUnavailable) : Self.text("ok\n")
        }
        router.get("/metrics") { _, _ -> Response in
            metrics.connections.set(to: Double(await hub.connections))
            if let status = await replication?.status() {
                metrics.replicationLag.set(to: Double(status.lagBytes ?? -1))
                metrics.replayDelay.set(to: status.secondsSinceLastReplayedCommit ?? -1)
            }
            var headers = HTTPFields()
            headers[.contentType] = "text/plain; version=0.0.4; charset=utf-8"
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: metrics.registry.emitToBuffer())))
        }
        signIn?.add(to: router)
        router.get("/live/:slug") { request, context -> Response in
            try await live(request, context)
        }
        router.post("/admin/rebuild") { request, _ -> Response in
            try authorize(request)
            let selector = request.uri.queryParameters.get("client")
            if let selector {
                guard try await queue.qualifyingClients().contains(where: { $0.isSelected(by: selector) }) else {
                    return Self.json(["error": "no qualifying client has the id or slug \(selector)"], status: .notFound)
                }
            }
            let started = Date()
            await queue.rebuild(all: selector == nil, clients: selector.map { [$0] } ?? [], force: true)
            return Self.json(["rebuilt": selector ?? "all", "seconds": Date().timeIntervalSince(started)], status: .ok)
        }
        router.get("/admin/status") { request, _ -> Response in
            try authorize(request)
            let statuses = await queue.statuses.values.sorted { $0.slug < $1.slug }
            let failures = await queue.failures
            let encoder = JSONEncoder()
            encoder.dateEncodingStrategy = .iso8601
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            struct Status: Encodable {
                var running: Bool
                var queued: Int
                var lastFullBuild: Date?
                var connections: Int
                var clients: [BuildQueue.ClientStatus]
                var recentErrors: [BuildQueue.Failure]
                var openInvoices: [OpenInvoiceViews]
                /// Only when `database` is a hot standby.
                var replication: ReplicationStatus?
            }
            let status = Status(
                running: await queue.running, queued: await queue.queued, lastFullBuild: await queue.lastFullBuild,
                connections: await hub.connections, clients: statuses, recentErrors: failures, openInvoices: try await openInvoiceViews(),
                replication: await replication?.status())
            var headers = HTTPFields()
            headers[.contentType] = "application/json"
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: try encoder.encode(status))))
        }
        return router
    }

    /// An open invoice and when the client last opened it (its page, PDF or e-invoice), from the views log.
    struct OpenInvoiceViews: Encodable {
        var client: String
        var id: Int64
        var number: String
        var dueDate: String
        /// The newest view's time and login; nil when no one has opened it (or the log holds no views).
        var lastViewed: String?
        var lastViewedBy: String?
        /// Requests for it in the log, by every login.
        var views: Int
    }

    /// Every qualifying client's open invoices, oldest due first, with their last view.
    func openInvoiceViews() async throws -> [OpenInvoiceViews] {
        let open = try await queue.openInvoices()
        let log = await views.current()
        let viewed = Dictionary(log.documents.map { ("\($0.client)\u{0}\($0.path)", $0.viewers.reduce(0) { $0 + $1.count }) }) { a, _ in a }
        return open.flatMap { slug, invoices in
            invoices.map { invoice in
                let paths = ["html", "pdf", "xml"].map { "/invoices/\(invoice.id).\($0)" }
                let last = log.lastView(client: slug, paths: paths)
                return OpenInvoiceViews(
                    client: slug, id: invoice.id, number: invoice.number, dueDate: invoice.dueDate, lastViewed: last?.last, lastViewedBy: last?.login,
                    views: paths.reduce(0) { $0 + (viewed["\(slug)\u{0}\($1)"] ?? 0) })
            }
        }.sorted { ($0.dueDate, $0.client, $0.id) < ($1.dueDate, $1.client, $1.id) }
    }

    /// Server-Sent Events for one client: `hello` with the current build id, `rebuilt` after each rebuild,
    /// comment heartbeats in between.
    func live(_ request: Request, _ context: DaemonRequestContext) async throws -> Response {
        if let proxySecret {
            guard let sent = request.headers[Self.secretHeader], Self.equal(sent, proxySecret) else {
                throw HTTPError(.forbidden, message: "The live endpoint is only reachable through the portal proxy.")
            }
        }
        let slug = try context.parameters.require("slug")
        guard ClientSlug.isValid(slug), await queue.hasSite(slug) else {
            throw HTTPError(.notFound, message: "No portal has this name.")
        }
        // The page the browser shows and the version it has (`?page=invoices/12.html&v=…`, from the page's
        // meta tags): only a path of the current site's manifest is looked up, never a file name.
        let page = request.uri.queryParameters.get("page").flatMap { $0.count <= 512 ? $0 : nil }
        let shown = request.uri.queryParameters.get("v")
        guard let subscription = await hub.subscribe(slug, page: page) else { throw HTTPError(.serviceUnavailable) }
        let hello = await hub.buildID(slug)
        // A page that is already out of date (the data changed while it loaded, its stream was down, its tab
        // hidden) hears so at once instead of waiting for the next change.
        let stale: Bool
        if let page, let shown { stale = await queue.pageVersion(slug, page: page) != shown } else { stale = false }
        let hub = self.hub
        // The subscription ends with its connection (ConnectionGate closes a stream whose peer left), not
        // at the next heartbeat that fails to write: /metrics and /admin/status count only live browsers.
        context.channel.closeFuture.whenComplete { _ in Task { await hub.unsubscribe(slug, subscription.id) } }
        var headers = HTTPFields()
        headers[.contentType] = "text/event-stream; charset=utf-8"
        headers[.cacheControl] = "no-cache, no-store"
        headers[HTTPField.Name("X-Accel-Buffering")!] = "no"
        return Response(
            status: .ok, headers: headers,
            body: ResponseBody { writer in
                defer { Task { await hub.unsubscribe(slug, subscription.id) } }
                try await writer.write(ByteBuffer(string: "retry: 3000\nevent: hello\ndata: \(hello)\n\n"))
                if stale { try await writer.write(ByteBuffer(string: "event: rebuilt\ndata: \(hello)\n\n")) }
                for await event in subscription.events {
                    switch event {
                    case .rebuilt(let id): try await writer.write(ByteBuffer(string: "event: rebuilt\ndata: \(id)\n\n"))
                    case .heartbeat: try await writer.write(ByteBuffer(string: ": heartbeat\n\n"))
                    }
                }
                try await writer.finish(nil)
            })
    }

    func authorize(_ request: Request) throws {
        guard let adminToken else { throw HTTPError(.notFound, message: "The admin endpoints are off: set the admin token's environment variable.") }
        let header = request.headers[.authorization] ?? ""
        guard header.hasPrefix("Bearer "), Self.equal(String(header.dropFirst(7)), adminToken) else {
            throw HTTPError(.unauthorized, headers: [.wwwAuthenticate: "Bearer realm=\"portalgen\""], message: "A valid bearer token is required.")
        }
    }

    /// Compares secrets in constant time (by their SHA-256 digests).
    static func equal(_ a: String, _ b: String) -> Bool {
        SHA256.hash(data: Data(a.utf8)) == SHA256.hash(data: Data(b.utf8))
    }

    static func text(_ body: String, status: HTTPResponse.Status = .ok) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "text/plain; charset=utf-8"
        headers[.cacheControl] = "no-store"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: body)))
    }

    static func json(_ object: [String: Any], status: HTTPResponse.Status) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "application/json"
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data("{}".utf8)
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}

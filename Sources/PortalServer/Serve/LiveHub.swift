import Foundation

/// What a browser subscribed to one client receives.
package enum LiveEvent: Sendable, Equatable {
    /// The client's site was rebuilt; the payload is the new build id.
    case rebuilt(String)
    /// Keeps idle connections open through proxies.
    case heartbeat
}

/// Fans out rebuild events to the browsers subscribed to each client, and only to them.
package actor LiveHub {
    private struct Subscriber {
        let continuation: AsyncStream<LiveEvent>.Continuation
        /// The page the browser shows (`invoices/12.html`); nil: any rebuild of the site concerns it.
        let page: String?
    }

    private var subscribers: [String: [UUID: Subscriber]] = [:]
    private var buildIDs: [String: String] = [:]
    private var closed = false

    package init() {}

    /// A stream of events for `slug` (for the browser showing `page`, when it said); it ends when the
    /// subscriber goes away or the daemon shuts down.
    package func subscribe(_ slug: String, page: String? = nil) -> (id: UUID, events: AsyncStream<LiveEvent>)? {
        guard !closed else { return nil }
        let id = UUID()
        let (stream, continuation) = AsyncStream.makeStream(of: LiveEvent.self, bufferingPolicy: .bufferingNewest(8))
        subscribers[slug, default: [:]][id] = Subscriber(continuation: continuation, page: page)
        continuation.onTermination = { [weak self] _ in
            guard let self else { return }
            Task { await self.unsubscribe(slug, id) }
        }
        return (id, stream)
    }

    /// Ends one subscription (its connection closed): it stops counting at once.
    package func unsubscribe(_ slug: String, _ id: UUID) {
        subscribers[slug]?[id]?.continuation.finish()
        subscribers[slug]?[id] = nil
        if subscribers[slug]?.isEmpty == true { subscribers[slug] = nil }
    }

    /// The latest build id of `slug` (sent as `hello` when a browser connects).
    package func buildID(_ slug: String) -> String { buildIDs[slug] ?? "" }

    package func setBuildID(_ slug: String, _ id: String) { buildIDs[slug] = id }

    /// Tells the subscribers of `slug` (and nobody else) that its site changed: those whose page is among
    /// `changedPaths`, and those that did not say which page they show. Returns how many were told.
    @discardableResult
    package func publish(_ slug: String, buildID: String, changedPaths: Set<String>? = nil) -> Int {
        buildIDs[slug] = buildID
        var told = 0
        for subscriber in (subscribers[slug] ?? [:]).values {
            if let page = subscriber.page, let changedPaths, !changedPaths.contains(page) { continue }
            subscriber.continuation.yield(.rebuilt(buildID))
            told += 1
        }
        return told
    }

    package func heartbeat() {
        for clients in subscribers.values { for subscriber in clients.values { subscriber.continuation.yield(.heartbeat) } }
    }

    /// Connected browsers, all clients together.
    package var connections: Int { subscribers.values.reduce(0) { $0 + $1.count } }

    /// Ends every stream (graceful shutdown), so open connections close cleanly.
    package func close() {
        closed = true
        for clients in subscribers.values { for subscriber in clients.values { subscriber.continuation.finish() } }
        subscribers = [:]
    }
}

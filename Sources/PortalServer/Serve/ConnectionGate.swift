import HTTPTypes
import HummingbirdCore
import NIOConcurrencyHelpers
import NIOCore
import NIOHTTPTypes

/// How many connections the daemon holds, against its cap.
///
/// Up to `limit` connections are served normally. The next `healthReserve` are accepted only to answer
/// `GET /healthz` (so a monitor still gets its answer while a flood holds every slot) and get 503 for
/// anything else; beyond that a connection gets 503 the moment it is accepted and is closed at once.
/// The listener accepts no more than ``acceptLimit`` sockets at a time, so a flood never runs the process
/// out of file descriptors (which made NIO spin, every other open fail, and once trapped the daemon).
///
/// A refused connection takes no slot: it only waits for its 503 to be read, and counting it would let a
/// flood of them keep the health reserve full. A health-only connection gives its slot back as soon as
/// it has its answer.
package final class ConnectionBudget: Sendable {
    package enum Admission: Sendable { case serve, healthOnly, refuse }

    private struct Counts {
        var served = 0
        var healthOnly = 0
        var refused = 0
    }

    package let limit: Int
    package let healthReserve: Int
    private let counts = NIOLockedValueBox(Counts())

    package init(limit: Int, healthReserve: Int = 32) {
        self.limit = limit
        self.healthReserve = healthReserve
    }

    func admit() -> Admission {
        counts.withLockedValue { counts in
            if counts.served < limit {
                counts.served += 1
                return .serve
            }
            if counts.healthOnly < healthReserve {
                counts.healthOnly += 1
                return .healthOnly
            }
            counts.refused += 1
            return .refuse
        }
    }

    /// Moves a health-only connection that has had its answer to the refused ones, freeing its slot.
    func settleHealthOnly() {
        counts.withLockedValue { counts in
            counts.healthOnly -= 1
            counts.refused += 1
        }
    }

    func release(_ admission: Admission) {
        counts.withLockedValue { counts in
            switch admission {
            case .serve: counts.served -= 1
            case .healthOnly: counts.healthOnly -= 1
            case .refuse: counts.refused -= 1
            }
        }
    }

    /// How many sockets the daemon accepts at once: the served, the health reserve and as many being
    /// refused. Past it the listener stops accepting until one closes, and newcomers wait in the kernel's
    /// backlog; accepting more would only run the process out of file descriptors before their 503s close.
    package var acceptLimit: Int { limit + healthReserve * 2 }

    /// Open connections now, refused ones included until they close.
    package var current: Int { counts.withLockedValue { $0.served + $0.healthOnly + $0.refused } }

    /// The cap for a process whose open-file limit is `fileLimit`: a margin stays free for the database,
    /// the files a build writes and the health reserve.
    package static func safeLimit(configured: Int?, fileLimit: Int) -> Int {
        let available = max(16, fileLimit - 256 - 32)
        return min(configured ?? 65_536, available)
    }
}

/// The first handler after HTTP decoding on every connection: admits it against the `ConnectionBudget`,
/// and closes a Server-Sent Events connection as soon as the peer goes away (a half-closed socket would
/// otherwise stay counted as a subscriber until the next heartbeat fails to write).
final class ConnectionGate: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    private let budget: ConnectionBudget
    private var admission: ConnectionBudget.Admission?
    private var streaming = false
    private var deadline: Scheduled<Void>?

    init(budget: ConnectionBudget) { self.budget = budget }

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { admit(context) }
    }

    func channelActive(context: ChannelHandlerContext) {
        admit(context)
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        release()
        context.fireChannelInactive()
    }

    func handlerRemoved(context: ChannelHandlerContext) { release() }

    private func admit(_ context: ChannelHandlerContext) {
        guard admission == nil else { return }
        let admission = budget.admit()
        self.admission = admission
        switch admission {
        case .serve: break
        case .refuse: answer(context, status: .serviceUnavailable, body: "The daemon is at its connection limit; retry shortly.\n")
        case .healthOnly:
            // One short chance to ask for /healthz; slow or silent peers lose the slot.
            let loopContext = NIOLoopBound(context, eventLoop: context.eventLoop)
            deadline = context.eventLoop.scheduleTask(in: .seconds(2)) { loopContext.value.close(promise: nil) }
        }
    }

    private func release() {
        guard let admission else { return }
        self.admission = nil
        deadline?.cancel()
        budget.release(admission)
    }

    /// A health-only connection that has its answer frees its reserve slot for the next monitor.
    private func settleHealthSlot() {
        guard admission == .healthOnly else { return }
        budget.settleHealthOnly()
        admission = .refuse
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch admission {
        case .serve?: context.fireChannelRead(data)
        case .healthOnly?:
            if case .head(let request) = unwrapInboundIn(data) {
                if request.method == .get, request.path == "/healthz" {
                    answer(context, status: .ok, body: "ok\n")
                } else {
                    answer(context, status: .serviceUnavailable, body: "The daemon is at its connection limit; retry shortly.\n")
                }
                settleHealthSlot()
            }
        case .refuse?, nil: break
        }
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if case .head(let response) = unwrapOutboundIn(data), response.headerFields[.contentType]?.hasPrefix("text/event-stream") == true {
            streaming = true
        }
        context.write(data, promise: promise)
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        // A browser that closes an EventSource (or nginx, when the browser leaves) closes its socket; the
        // server allows half-closed connections, so without this the stream lives on until a write fails.
        if streaming || admission != .serve, let event = event as? ChannelEvent, event == .inputClosed {
            context.close(promise: nil)
            return
        }
        context.fireUserInboundEventTriggered(event)
    }

    private func answer(_ context: ChannelHandlerContext, status: HTTPResponse.Status, body: String) {
        var fields = HTTPFields()
        fields[.contentType] = "text/plain; charset=utf-8"
        fields[.connection] = "close"
        fields[.contentLength] = String(body.utf8.count)
        if status == .serviceUnavailable { fields[.retryAfter] = "5" }
        context.write(wrapOutboundOut(.head(HTTPResponse(status: status, headerFields: fields))), promise: nil)
        context.write(wrapOutboundOut(.body(context.channel.allocator.buffer(string: body))), promise: nil)
        // Half-close: the peer reads the answer and its end, then closes. Closing at once with its request
        // still unread would send a reset, and the peer could lose the answer.
        let loopContext = NIOLoopBound(context, eventLoop: context.eventLoop)
        context.writeAndFlush(wrapOutboundOut(.end(nil))).whenComplete { _ in loopContext.value.close(mode: .output, promise: nil) }
        deadline?.cancel()
        deadline = context.eventLoop.scheduleTask(in: .seconds(1)) { loopContext.value.close(promise: nil) }
    }
}

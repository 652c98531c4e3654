import Foundation
import Testing

@testable import PortalServer

/// The live hub on its own: events reach exactly the browsers of the client whose pages changed.
@Suite struct LiveHubTests {
    /// The next event of `events`, or nil when the stream ended.
    func next(_ events: AsyncStream<LiveEvent>) async -> LiveEvent? {
        var iterator = events.makeAsyncIterator()
        return await iterator.next()
    }

    @Test func aRebuildReachesOnlyItsClientAndThePagesThatChanged() async throws {
        let hub = LiveHub()
        let invoice = try #require(await hub.subscribe("mueller", page: "invoices/12.html"))
        let dashboard = try #require(await hub.subscribe("mueller", page: "index.html"))
        let anyPage = try #require(await hub.subscribe("mueller"))
        let other = try #require(await hub.subscribe("acme", page: "invoices/12.html"))
        #expect(await hub.connections == 4)

        let told = await hub.publish("mueller", buildID: "b2", changedPaths: ["invoices/12.html"])
        #expect(told == 2)
        #expect(await next(invoice.events) == .rebuilt("b2"))
        #expect(await next(anyPage.events) == .rebuilt("b2"))
        #expect(await hub.buildID("mueller") == "b2")
        #expect(await hub.buildID("acme") == "")

        // The dashboard and Acme heard nothing of it: their next event is the heartbeat.
        await hub.heartbeat()
        #expect(await next(dashboard.events) == .heartbeat)
        #expect(await next(other.events) == .heartbeat)
    }

    @Test func aClosedSubscriptionStopsCountingAndShutdownEndsEveryStream() async throws {
        let hub = LiveHub()
        let first = try #require(await hub.subscribe("mueller"))
        let second = try #require(await hub.subscribe("acme"))
        await hub.unsubscribe("mueller", first.id)
        #expect(await hub.connections == 1)
        #expect(await next(first.events) == nil)
        #expect(await hub.publish("mueller", buildID: "b3") == 0)

        await hub.close()
        #expect(await next(second.events) == nil)
        #expect(await hub.connections == 0)
        #expect(await hub.subscribe("mueller") == nil, "no new subscriptions after shutdown")
    }
}

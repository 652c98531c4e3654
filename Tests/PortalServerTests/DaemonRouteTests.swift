import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOFoundationEssentialsCompat
import PortalCore
import PortalTestSupport
import Testing

@testable import PortalServer

/// The daemon's routes in process, through Hummingbird's router test framework (no socket, no child
/// process), beside the end-to-end tests that drive the real daemon over HTTP.
@Suite struct DaemonRouteTests {
    static func application(adminToken: String? = "s3cret", proxySecret: String? = nil) throws -> (some ApplicationProtocol, Fixture) {
        let fixture = try Fixture(clients: 2, entries: 5, invoices: 1)
        // As `serve` does before it listens.
        try FileManager.default.createDirectory(at: fixture.configuration.output, withIntermediateDirectories: true)
        let hub = LiveHub()
        let metrics = PortalMetrics()
        let queue = BuildQueue(configuration: fixture.configuration, hub: hub, metrics: metrics, logger: Logger(label: "test"))
        let routes = DaemonRoutes(queue: queue, hub: hub, metrics: metrics, adminToken: adminToken, proxySecret: proxySecret, heartbeat: .seconds(15))
        return (Application(router: routes.router()), fixture)
    }

    @Test func healthAndMetricsAnswer() async throws {
        let (app, fixture) = try Self.application()
        try await app.test(.router) { client in
            try await client.execute(uri: "/healthz", method: .get) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body) == "ok\n")
            }
            try await client.execute(uri: "/metrics", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType]?.hasPrefix("text/plain; version=0.0.4") == true)
            }
        }
        withExtendedLifetime(fixture) {}  // its folder holds the database the routes read
    }

    @Test func adminRoutesWantTheBearerToken() async throws {
        let (app, fixture) = try Self.application()
        try await app.test(.router) { client in
            try await client.execute(uri: "/admin/status", method: .get) { response in
                #expect(response.status == .unauthorized)
                #expect(response.headers[.wwwAuthenticate] == "Bearer realm=\"portalgen\"")
            }
            try await client.execute(uri: "/admin/status", method: .get, headers: [.authorization: "Bearer wrong"]) { response in
                #expect(response.status == .unauthorized)
            }
            try await client.execute(uri: "/admin/status", method: .get, headers: [.authorization: "Bearer s3cret"]) { response in
                #expect(response.status == .ok)
                let status = try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any]
                #expect(status?["running"] as? Bool == false && status?["clients"] is [Any], "\(String(buffer: response.body))")
            }
            try await client.execute(uri: "/admin/rebuild?client=nobody", method: .post, headers: [.authorization: "Bearer s3cret"]) { response in
                #expect(response.status == .notFound)
                #expect(String(buffer: response.body).contains("no qualifying client has the id or slug nobody"))
            }
        }
        withExtendedLifetime(fixture) {}  // its folder holds the database the routes read
    }

    @Test func adminRoutesAreOffWithoutAToken() async throws {
        let (app, fixture) = try Self.application(adminToken: nil)
        try await app.test(.router) { client in
            try await client.execute(uri: "/admin/rebuild", method: .post, headers: [.authorization: "Bearer anything"]) { response in
                #expect(response.status == .notFound)
            }
        }
        withExtendedLifetime(fixture) {}  // its folder holds the database the routes read
    }

    @Test func liveStreamsOnlyThroughTheProxyAndOnlyForASite() async throws {
        let (app, fixture) = try Self.application(proxySecret: "proxy-only")
        try await app.test(.router) { client in
            try await client.execute(uri: "/live/some-client", method: .get) { response in
                #expect(response.status == .forbidden)
            }
            try await client.execute(uri: "/live/..", method: .get, headers: [HTTPField.Name("X-Portalgen-Secret")!: "proxy-only"]) { response in
                #expect(response.status == .notFound)
            }
            try await client.execute(uri: "/live/no-such-client", method: .get, headers: [HTTPField.Name("X-Portalgen-Secret")!: "proxy-only"]) { response in
                #expect(response.status == .notFound)
            }
        }
        withExtendedLifetime(fixture) {}  // its folder holds the database the routes read
    }
}

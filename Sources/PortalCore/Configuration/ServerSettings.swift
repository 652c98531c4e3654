/// The daemon's settings (`server` in `config.json`).
package struct ServerSettings: Decodable, Sendable, Hashable {
    /// The address to listen on. The default is `127.0.0.1`: only the proxy on the same host reaches it.
    package var host: String = "127.0.0.1"
    /// The TCP port. The default is 8780; 0 picks a free port (tests).
    package var port: Int = 8780
    /// The environment variable holding the admin bearer token. The default is `PORTALGEN_ADMIN_TOKEN`;
    /// when that variable is unset or empty, `/admin/*` is off.
    package var adminTokenEnv: String = "PORTALGEN_ADMIN_TOKEN"
    /// The environment variable holding the secret the proxy sends in `X-Portalgen-Secret`. The default is
    /// `PORTALGEN_PROXY_SECRET`; when set, `/live/*` requires it.
    package var proxySecretEnv: String = "PORTALGEN_PROXY_SECRET"
    /// How often the database's `data_version` is polled, in milliseconds. The default is 100.
    package var pollMilliseconds: Int = 100
    /// Seconds between SSE heartbeats. The default is 15 (well under nginx's 60 s read timeout).
    package var heartbeatSeconds: Int = 15
    /// The local time of the nightly full rebuild, `HH:MM`. The default is `03:00`.
    var nightlyAt: String = "03:00"
    /// The time zone of `nightlyAt`. The default is TimeTracker's `settings.timezone`.
    package var nightlyTimeZone: String?
    /// Connections the daemon serves at once (open tabs' `/live` streams included); the excess is answered
    /// 503 and closed. The default and the ceiling: the open-file limit less a margin for the database and
    /// the builds.
    package var maxConnections: Int?
    /// Seconds a connection may take to send its request head, or sit idle between requests, before it is
    /// closed. `/live` streams are exempt (heartbeats keep them busy). The default is 15.
    package var idleTimeoutSeconds: Int = 15
    /// Seconds a stopping daemon (SIGTERM) answers `/healthz` with 503 before it ends its live streams and
    /// closes, so a load balancer in front of several replicas (haproxy's checks) moves its clients first. The
    /// default is 0 (one machine: stop at once); behind `portalgen proxy-config --haproxy`, 3.
    package var drainSeconds: Int = 0

    package init() {}

    enum CodingKeys: String, CodingKey, CaseIterable {
        case host, port, adminTokenEnv, proxySecretEnv, pollMilliseconds, heartbeatSeconds, nightlyAt, nightlyTimeZone, maxConnections, idleTimeoutSeconds,
            drainSeconds
    }

    package init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        host = try c.decodeIfPresent(String.self, forKey: .host) ?? host
        port = try c.decodeIfPresent(Int.self, forKey: .port) ?? port
        adminTokenEnv = try c.decodeIfPresent(String.self, forKey: .adminTokenEnv) ?? adminTokenEnv
        proxySecretEnv = try c.decodeIfPresent(String.self, forKey: .proxySecretEnv) ?? proxySecretEnv
        pollMilliseconds = try c.decodeIfPresent(Int.self, forKey: .pollMilliseconds) ?? pollMilliseconds
        heartbeatSeconds = try c.decodeIfPresent(Int.self, forKey: .heartbeatSeconds) ?? heartbeatSeconds
        nightlyAt = try c.decodeIfPresent(String.self, forKey: .nightlyAt) ?? nightlyAt
        nightlyTimeZone = try c.decodeIfPresent(String.self, forKey: .nightlyTimeZone)
        maxConnections = try c.decodeIfPresent(Int.self, forKey: .maxConnections)
        idleTimeoutSeconds = try c.decodeIfPresent(Int.self, forKey: .idleTimeoutSeconds) ?? idleTimeoutSeconds
        drainSeconds = try c.decodeIfPresent(Int.self, forKey: .drainSeconds) ?? drainSeconds
    }

    /// The nightly time as minutes after midnight, or nil when `nightlyAt` is malformed.
    package var nightlyMinute: Int? {
        let parts = nightlyAt.split(separator: ":")
        guard parts.count == 2, let h = Int(parts[0]), let m = Int(parts[1]), (0..<24).contains(h), (0..<60).contains(m) else { return nil }
        return h * 60 + m
    }

    func validate(file: String) throws {
        guard (0...65535).contains(port) else { throw ConfigurationError(file: file, message: "key \"server.port\" must be 0...65535, not \(port)") }
        guard nightlyMinute != nil else {
            throw ConfigurationError(file: file, message: "key \"server.nightlyAt\" must be a local time like 03:00, not \"\(nightlyAt)\"")
        }
        guard (10...60_000).contains(pollMilliseconds) else {
            throw ConfigurationError(file: file, message: "key \"server.pollMilliseconds\" must be from 10 to 60000, not \(pollMilliseconds)")
        }
        guard (1...3600).contains(heartbeatSeconds) else {
            throw ConfigurationError(file: file, message: "key \"server.heartbeatSeconds\" must be from 1 to 3600, not \(heartbeatSeconds)")
        }
        if let maxConnections, !(16...1_000_000).contains(maxConnections) {
            throw ConfigurationError(file: file, message: "key \"server.maxConnections\" must be from 16 to 1000000, not \(maxConnections)")
        }
        guard (1...3600).contains(idleTimeoutSeconds) else {
            throw ConfigurationError(file: file, message: "key \"server.idleTimeoutSeconds\" must be from 1 to 3600, not \(idleTimeoutSeconds)")
        }
        guard (0...300).contains(drainSeconds) else {
            throw ConfigurationError(file: file, message: "key \"server.drainSeconds\" must be from 0 to 300, not \(drainSeconds)")
        }
    }
}

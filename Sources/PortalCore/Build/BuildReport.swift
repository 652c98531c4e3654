/// The outcome of a whole build.
public struct BuildReport: Sendable {
    public var clients: [ClientBuildResult]
    /// Slugs whose sites were removed because the client no longer qualifies.
    public var removed: [String]
    /// Requested clients (`--client`) that do not qualify for a portal.
    public var unknown: [String]
    /// Whether `proxy.reloadCommand` ran after the login map changed (nil: the map did not change, or
    /// no command is configured).
    public var proxyReload: ProxyReloadOutcome?
    public var seconds: Double

    public enum ProxyReloadOutcome: Sendable, Equatable {
        case reloaded
        /// The command failed; the message says how and what it means.
        case failed(String)
    }

    public var failures: [ClientBuildResult] { clients.filter { !$0.succeeded } }
    public var pages: Int { clients.reduce(0) { $0 + $1.pages } }
    public var written: Int { clients.reduce(0) { $0 + ($1.publish?.written ?? 0) } }
    public var unchanged: Int { clients.reduce(0) { $0 + ($1.publish?.unchanged ?? 0) } }
    public var bytesWritten: Int { clients.reduce(0) { $0 + ($1.publish?.bytesWritten ?? 0) } }
    public var succeeded: Bool { failures.isEmpty && unknown.isEmpty }

    /// `12 clients, 840 pages, 35 files written, 1,020 unchanged, 1.42 s`
    public var summary: String {
        var text = "\(clients.count) clients, \(pages) pages, \(written) files written, \(unchanged) unchanged"
        if !removed.isEmpty { text += ", \(removed.count) removed" }
        if !failures.isEmpty { text += ", \(failures.count) FAILED" }
        return text + ", " + String(format: "%.2f s", seconds)
    }
}

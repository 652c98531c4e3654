import Foundation

/// The outcome of a whole build.
package struct BuildReport: Sendable {
    package var clients: [ClientBuildResult]
    /// Slugs whose sites were removed because the client no longer qualifies.
    package var removed: [String]
    /// Requested clients (`--client`) that do not qualify for a portal.
    package var unknown: [String]
    /// Whether `proxy.reloadCommand` ran after the login map changed (nil: the map did not change, or
    /// no command is configured).
    package var proxyReload: ProxyReloadOutcome?
    package var seconds: Double
    /// Why no PDFs were made though `pdf` is on (WeasyPrint missing), with what to do.
    package var printProblem: String? = nil
    /// PDFs made by the engine in this build.
    var pdfsMade = 0

    package enum ProxyReloadOutcome: Sendable, Equatable {
        case reloaded
        /// The command failed; the message says how and what it means.
        case failed(String)
    }

    package var failures: [ClientBuildResult] { clients.filter { !$0.succeeded } }
    package var pages: Int { clients.reduce(0) { $0 + $1.pages } }
    /// Clients read and rendered (the others were skipped: their input had not changed).
    package var rendered: Int { clients.filter(\.rendered).count }
    package var written: Int { clients.reduce(0) { $0 + ($1.publish?.written ?? 0) } }
    package var unchanged: Int { clients.reduce(0) { $0 + ($1.publish?.unchanged ?? 0) } }
    var bytesWritten: Int { clients.reduce(0) { $0 + ($1.publish?.bytesWritten ?? 0) } }
    package var succeeded: Bool { failures.isEmpty && unknown.isEmpty }

    /// `12 clients, 840 pages, 35 files written, 1,020 unchanged, 1.42 s`
    package var summary: String {
        var text = "\(clients.count) clients, \(pages) pages, \(written) files written, \(unchanged) unchanged"
        if pdfsMade > 0 { text += ", \(pdfsMade) PDFs made" }
        if !removed.isEmpty { text += ", \(removed.count) removed" }
        if !failures.isEmpty { text += ", \(failures.count) FAILED" }
        return text + ", " + String(format: "%.2f s", seconds)
    }
}

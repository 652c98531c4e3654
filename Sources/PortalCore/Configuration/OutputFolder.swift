import Foundation

/// The output folder's layout, named once. nginx serves `<slug>`; everything portalgen keeps for itself starts
/// with a dot, which the proxy configuration never serves:
///
/// ```
/// output/
///   <slug> -> .sites/<slug>.<build>      the client's live site, a symbolic link swapped in one rename(2)
///   .sites/<slug>.<build>/                published versions (the previous one until the next swap)
///   .sites/<slug>.<build>.tmp/            a version being assembled (a killed build leaves only this)
///   .link-<slug>                          the new link, before it replaces the live one
///   .locks/<slug>.lock                    flock(2): one build of a client at a time, CLI or daemon
///   .portalgen-slugs.json                 the slug each client was given, so a site never moves
///   .portalgen-fingerprint.json           the last full look at the database (what changed for whom)
///   .portalgen-nightly                    the day of the daemon's last nightly rebuild
///   .portalgen-used-links                 single-use sign-in links already used
///   .portalgen-state/                     the default state folder (``PortalConfiguration/state``)
/// ```
package struct OutputFolder: Sendable, Hashable {
    package let root: URL

    package init(_ root: URL) { self.root = root }

    /// `<slug>`: the link nginx serves.
    package func live(_ slug: String) -> URL { root.appendingPathComponent(slug) }
    /// `.sites/`: every published version.
    package var sites: URL { root.appendingPathComponent(".sites") }
    /// `.sites/<slug>.<build>.tmp/`: a version being assembled.
    func staging(_ slug: String, build: String) -> URL { sites.appendingPathComponent("\(slug).\(build).tmp") }
    /// `.link-<slug>`: the new link before the swap.
    func pendingLink(_ slug: String) -> URL { root.appendingPathComponent(".link-\(slug)") }
    /// `.locks/`: one lock file per client.
    var locks: URL { root.appendingPathComponent(".locks") }
    /// `.portalgen-slugs.json`.
    package var slugRegistry: URL { root.appendingPathComponent(".portalgen-slugs.json") }
    /// `.portalgen-fingerprint.json`.
    var fingerprint: URL { root.appendingPathComponent(".portalgen-fingerprint.json") }
    /// `.portalgen-nightly`.
    package var nightly: URL { root.appendingPathComponent(".portalgen-nightly") }
    /// `.portalgen-used-links`: single-use sign-in links already used, until they expire.
    package var usedLinks: URL { root.appendingPathComponent(".portalgen-used-links") }
    /// What `<slug>` links to for the published version `version` (a folder in ``sites``): a relative target,
    /// so the output folder can be moved or mounted elsewhere.
    func liveTarget(_ version: URL) -> String { "\(sites.lastPathComponent)/\(version.lastPathComponent)" }
    /// `.portalgen-state/`, where state lives unless `"state"` names another folder.
    package static let defaultStateName = ".portalgen-state"
}

extension PortalConfiguration {
    /// The layout of ``output``.
    package var outputFolder: OutputFolder { OutputFolder(output) }
}

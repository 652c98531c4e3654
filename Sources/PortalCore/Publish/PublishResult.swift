/// What publishing one client's site did.
package struct PublishResult: Sendable, Hashable {
    /// The content-derived id of the site now live.
    package var buildID: String
    /// Files whose bytes changed or appeared.
    package var written: Int
    /// Files reused byte for byte (hard-linked from the previous version).
    package var unchanged: Int
    /// Files that existed before and no longer do.
    package var removed: Int
    /// Paths that changed, appeared or disappeared, sorted.
    package var changedPaths: [String]
    /// Bytes written.
    var bytesWritten: Int

    /// True when the site was swapped (something changed).
    package var didChange: Bool { written > 0 || removed > 0 }
}

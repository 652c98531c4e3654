/// What publishing one client's site did.
public struct PublishResult: Sendable, Hashable {
    /// The content-derived id of the site now live.
    public var buildID: String
    /// Files whose bytes changed or appeared.
    public var written: Int
    /// Files reused byte for byte (hard-linked from the previous version).
    public var unchanged: Int
    /// Files that existed before and no longer do.
    public var removed: Int
    /// Paths that changed, appeared or disappeared, sorted.
    public var changedPaths: [String]
    /// Bytes written.
    public var bytesWritten: Int

    /// True when the site was swapped (something changed).
    public var didChange: Bool { written > 0 || removed > 0 }
}

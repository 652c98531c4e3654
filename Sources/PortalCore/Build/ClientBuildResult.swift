/// The outcome of building one client.
public struct ClientBuildResult: Sendable {
    public var clientID: Int64
    public var slug: String
    public var pages: Int
    public var files: Int
    public var publish: PublishResult?
    /// Rows that were skipped, each described.
    public var skippedRows: [String]
    /// Branding values that were ignored.
    public var warnings: [String]
    /// Why the client failed; nil on success. A failed client keeps its previous site.
    public var error: BuildFailure?
    public var seconds: Double
    /// The input digest stored with the published site; nil when it was not known yet at publishing.
    var publishedInput: String? = nil

    public var succeeded: Bool { error == nil }
}

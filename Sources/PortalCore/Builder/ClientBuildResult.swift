/// The outcome of building one client.
package struct ClientBuildResult: Sendable {
    package var clientID: Int64
    package var slug: String
    package var pages: Int
    package var files: Int
    package var publish: PublishResult?
    /// Rows that were skipped, each described.
    package var skippedRows: [String]
    /// Branding values that were ignored.
    package var warnings: [String]
    /// Why the client failed; nil on success. A failed client keeps its previous site.
    package var error: BuildFailure?
    package var seconds: Double
    /// The input digest stored with the published site; nil when it was not known yet at publishing.
    var publishedInput: String? = nil
    /// Whether the client was read and rendered (false: skipped, its input unchanged since its site was built).
    package var rendered = true
    /// PDFs the engine made for this client (the others were unchanged and came from the cache).
    var pdfsMade = 0

    package var succeeded: Bool { error == nil }
}

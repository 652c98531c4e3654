/// A published site as its manifest describes it: enough to skip a client whose input did not change.
struct LiveSite: Sendable {
    /// The build id of the live version.
    let build: String
    /// The digest of what it was built from; nil when it was published before that was known.
    let input: String?
    /// How many files it holds, and how many of them are pages.
    let files: Int
    let pages: Int
}

/// Why one client's build failed: the client, the stage that failed and its cause. A failed client keeps
/// its previous site; the others build on.
public struct BuildFailure: Error, Sendable, CustomStringConvertible {
    public enum Stage: String, Sendable, Codable {
        /// Its theme could not be loaded (the cause names the file and line).
        case theme
        /// Its data could not be read from TimeTracker's database, or the client disappeared meanwhile.
        case read
        /// Its site could not be written to the output folder.
        case publish
    }

    public var clientID: Int64
    public var slug: String
    public var stage: Stage
    /// The underlying error, described for a person.
    public var cause: String

    public init(clientID: Int64, slug: String, stage: Stage, cause: String) {
        self.clientID = clientID
        self.slug = slug
        self.stage = stage
        self.cause = cause
    }

    public init(_ client: PortalClient, _ stage: Stage, _ error: any Error) {
        self.init(clientID: client.id, slug: client.slug, stage: stage, cause: "\(error)")
    }

    public var description: String {
        switch stage {
        case .theme: "theme: \(cause)"
        case .read: "reading the database: \(cause)"
        case .publish: "publishing: \(cause)"
        }
    }
}

/// Why one client's build failed: the client, the stage that failed and its cause. A failed client keeps
/// its previous site; the others build on.
package struct BuildFailure: Error, Sendable, CustomStringConvertible {
    package enum Stage: String, Sendable, Codable {
        /// Its theme could not be loaded (the cause names the file and line).
        case theme
        /// Its data could not be read from TimeTracker's database, or the client disappeared meanwhile.
        case read
        /// Its site could not be written to the output folder.
        case publish
    }

    package var clientID: Int64
    package var slug: String
    package var stage: Stage
    /// The underlying error, described for a person.
    var cause: String

    package init(clientID: Int64, slug: String, stage: Stage, cause: String) {
        self.clientID = clientID
        self.slug = slug
        self.stage = stage
        self.cause = cause
    }

    package init(_ client: PortalClient, _ stage: Stage, _ error: any Error) {
        self.init(clientID: client.id, slug: client.slug, stage: stage, cause: "\(error)")
    }

    package var description: String {
        switch stage {
        case .theme: "theme: \(cause)"
        case .read: "reading the database: \(cause)"
        case .publish: "publishing: \(cause)"
        }
    }
}

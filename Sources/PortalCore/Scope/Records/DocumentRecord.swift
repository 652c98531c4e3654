/// A file TimeTracker holds for the client (`client_attachments`) or one of its projects
/// (`project_attachments`) and has made visible to the client.
package struct DocumentRecord: Sendable, Hashable {
    package enum Kind: String, Sendable { case client, project }

    package var kind: Kind
    package var id: Int64
    /// The project, for a project document.
    package var projectID: Int64?
    /// The name the file was uploaded under (what the client sees and downloads it as).
    var originalFilename: String
    /// Where TimeTracker keeps it, relative to its static folder (`uploads/…`).
    package var filePath: String
    package var fileSize: Int64
    /// App-local, printed as stored.
    var uploadedAt: LocalDateTime

    static let columns = ["id", "original_filename", "filename", "file_path", "file_size", "uploaded_at"]

    init(_ r: inout RowReader, kind: Kind) throws {
        self.kind = kind
        id = try r.int("id")
        let original = r.nonEmptyText("original_filename")
        let stored = r.nonEmptyText("filename")
        originalFilename = original ?? stored ?? "document-\(id)"
        filePath = try r.text("file_path")
        fileSize = try r.optionalInt("file_size") ?? 0
        uploadedAt = try r.dateTime("uploaded_at")
        if kind == .project { projectID = try r.int("project_id") }
    }
}

/// A client's rendered files and what reading its data reported.
struct RenderedSite {
    var files: [SiteFile]
    var pages: Int
    /// The pages that print as documents (a PDF beside each), when PDFs are on.
    var documents: [PageModel]
    /// The years whose archive the statement links (``YearArchive``).
    var archiveYears: [ArchiveYear]
    var skippedRows: [String]
    var warnings: [String]
}

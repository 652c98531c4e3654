/// A client's rendered files and what reading its data reported.
struct RenderedSite {
    var files: [SiteFile]
    var pages: Int
    var skippedRows: [String]
    var warnings: [String]
}

/// What a section (``PageKind``) or a whole site contributes: pages for the templates, files written as they
/// are (CSVs, e-invoices, QR codes, documents), and warnings for the admin.
struct SitePart {
    var pages: [PageModel] = []
    var files: [SiteFile] = []
    var warnings: [String] = []

    mutating func append(_ other: SitePart) {
        pages += other.pages
        files += other.files
        warnings += other.warnings
    }
}

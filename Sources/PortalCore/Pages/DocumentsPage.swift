import Foundation

/// `documents/index.html`: the client's documents and its projects' documents that TimeTracker marks visible
/// to the client (PORTAL_SPEC 4.12), newest first, each with its project (or "Client document"), date and
/// size, and the file itself copied from TimeTracker's upload folder into `documents/files/`. A file that
/// is missing, unreadable or over the size cap is listed as not available and reported; it never fails
/// the build, and no file that is not visible is ever read.
struct DocumentsPage {
    static func build(_ site: SiteContext) -> (pages: [PageOutput], files: [RenderedFile], warnings: [String]) {
        var files: [RenderedFile] = []
        var warnings: [String] = []
        let documents = site.snapshot.documents
        let pagination = Pagination(count: documents.count, size: site.pageSize, base: "index")
        var rows: [[String: Any]] = []
        for document in documents {
            var row: [String: Any] = [
                "name": Presentation.text(document.originalFilename) ?? "", "date": site.format.date(document.uploadedAt.date),
                "size": size(document.fileSize),
                "where": document.projectID.map { Presentation.text(site.projectName($0)) ?? "" } ?? site.t("Client document"),
            ]
            switch copy(document, site: site) {
            case .success(let file):
                files.append(file)
                row["href"] = file.path.dropFirst("documents/".count).split(separator: "/").map { percentEncoded(String($0)) }.joined(separator: "/")
            case .failure(let problem):
                warnings.append("\(document.kind.rawValue)_attachments row \(document.id) (\(document.originalFilename)): \(problem.message)")
            }
            rows.append(row)
        }
        let pages = (1...pagination.pageCount).map { page in
            let context: [String: Any] = [
                "rows": Array(rows[pagination.range(page)]), "empty": documents.isEmpty, "count": documents.count,
                "pager": pagination.links(current: page) ?? false,
            ]
            return PageOutput(
                path: "documents/\(pagination.file(page))", template: "documents", title: site.paged(site.t("Documents"), page: page, of: pagination.pageCount),
                section: "documents", context: context)
        }
        return (pages, files, warnings)
    }

    struct Problem: Error { let message: String }

    /// The document's bytes as `documents/files/<kind>-<id>/<original name>`, so a download keeps its name.
    static func copy(_ document: DocumentRecord, site: SiteContext) -> Result<RenderedFile, Problem> {
        guard let root = site.uploads else {
            return .failure(Problem(message: "not copied: set \"uploads\" in config.json to TimeTracker's static folder (the one holding uploads/)"))
        }
        guard let source = location(of: document.filePath, in: root) else {
            return .failure(Problem(message: "file_path \(document.filePath.debugDescription) leaves TimeTracker's upload folder and was not read"))
        }
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: source.path), (attributes[.type] as? FileAttributeType) == .typeRegular else {
            return .failure(Problem(message: "no file at \(source.path); it is listed as not available"))
        }
        let bytes = (attributes[.size] as? NSNumber)?.intValue ?? 0
        guard bytes <= site.documentMaxBytes else {
            return .failure(Problem(message: "\(bytes) bytes, over documentMaxMegabytes (\(site.documentMaxBytes / 1_048_576)); it is listed as not available"))
        }
        guard let data = FileManager.default.contents(atPath: source.path) else {
            return .failure(Problem(message: "\(source.path) cannot be read; check its permissions"))
        }
        return .success(
            RenderedFile(path: "documents/files/\(document.kind.rawValue)-\(document.id)/\(safeName(document.originalFilename))", bytes: [UInt8](data)))
    }

    /// Where TimeTracker's download finds `filePath` under its static folder: `uploads/…` is looked up as
    /// `uploads/<file name>` (TimeTracker's rule) and then as written; anything else as written. nil when the
    /// path would leave the folder (absolute, `..`, or a link out of it).
    static func location(of filePath: String, in root: URL) -> URL? {
        let parts = filePath.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        guard !filePath.hasPrefix("/"), !parts.isEmpty, !parts.contains(where: { $0 == ".." || $0 == "." || $0.contains("\\") || $0.contains("\u{0}") }) else {
            return nil
        }
        var candidates: [URL] = []
        if parts.first == "uploads", let name = parts.last { candidates.append(root.appendingPathComponent("uploads").appendingPathComponent(name)) }
        candidates.append(parts.reduce(root) { $0.appendingPathComponent($1) })
        let base = root.resolvingSymlinksInPath().path + "/"
        for candidate in candidates where FileManager.default.fileExists(atPath: candidate.path) {
            return candidate.resolvingSymlinksInPath().path.hasPrefix(base) ? candidate : nil
        }
        return candidates.last
    }

    /// The uploaded name as a file name: path separators, control characters and a leading dot replaced.
    static func safeName(_ name: String) -> String {
        var scalars = String.UnicodeScalarView()
        for scalar in name.unicodeScalars {
            scalars.append(scalar == "/" || scalar == "\\" || scalar.properties.generalCategory == .control ? "_" : scalar)
        }
        var result = String(scalars).trimmingCharacters(in: .whitespaces)
        while result.hasPrefix(".") { result = "_" + result.dropFirst() }
        if result.utf8.count > 200 { result = String(result.prefix(120)) }
        return result.isEmpty ? "document" : result
    }

    static func percentEncoded(_ segment: String) -> String {
        var allowed = CharacterSet.urlPathAllowed
        allowed.remove(charactersIn: "/?#;")
        return segment.addingPercentEncoding(withAllowedCharacters: allowed) ?? segment
    }

    /// TimeTracker's size: `N B`, then KB and MB with up to two decimals (`1.5 KB`, `120.56 KB`).
    static func size(_ bytes: Int64) -> String {
        func trimmed(_ value: Double) -> String {
            var text = String(format: "%.2f", value)
            while text.hasSuffix("0") { text.removeLast() }
            if text.hasSuffix(".") { text += "0" }
            return text
        }
        if bytes < 1024 { return "\(bytes) B" }
        if bytes < 1_048_576 { return "\(trimmed(Double(bytes) / 1024)) KB" }
        return "\(trimmed(Double(bytes) / 1_048_576)) MB"
    }
}

import Foundation

/// `documents/index.html`: the client's documents and its projects' documents that TimeTracker marks visible
/// to the client (PORTAL_SPEC 4.12), newest first, each with its project (or "Client document"), date and
/// size, and the file itself copied from TimeTracker's upload folder into `documents/files/`. A file that
/// is missing, unreadable or over the size cap is listed as not available and reported; it never fails
/// the build, and no file that is not visible is ever read.
struct DocumentsPage {
    static func build(_ site: SiteContext) -> (pages: [PageModel], files: [SiteFile], warnings: [String]) {
        var files: [SiteFile] = []
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
                warnings.append("\(document.kind.rawValue)_attachments row \(document.id) (\(document.originalFilename.quotedForLog)): \(problem.message)")
            }
            rows.append(row)
        }
        let pages = (1...pagination.pageCount).map { page in
            let context: [String: Any] = [
                "rows": Array(rows[pagination.range(page)]), "empty": documents.isEmpty, "count": documents.count,
                "pager": pagination.links(current: page) ?? false,
            ]
            return PageModel(
                path: "documents/\(pagination.file(page))", template: "documents", title: site.paged(site.t("Documents"), page: page, of: pagination.pageCount),
                section: "documents", context: context)
        }
        return (pages, files, warnings)
    }

    /// The document's bytes as `documents/files/<kind>-<id>/<safe name>`, so a download keeps its name, read
    /// through ``UploadFolder`` (one open, no link followed).
    static func copy(_ document: DocumentRecord, site: SiteContext) -> Result<SiteFile, UploadFolder.Problem> {
        guard let root = site.uploads else {
            return .failure(.init(message: "not copied: set \"uploads\" in config.json to TimeTracker's static folder (the one holding uploads/)"))
        }
        let folder = UploadFolder(root: root.path, maxBytes: site.documentMaxBytes)
        guard let parts = location(of: document.filePath, in: folder) else {
            return .failure(.init(message: "file_path \(document.filePath.quotedForLog) leaves TimeTracker's upload folder and was not read"))
        }
        return folder.read(parts).map { SiteFile(path: path(of: document), bytes: $0) }
    }

    /// Where the copy of `document` is on the site: `documents/files/<kind>-<id>/<safe name>`.
    static func path(of document: DocumentRecord) -> String {
        "documents/files/\(document.kind.rawValue)-\(document.id)/\(safeName(document.originalFilename))"
    }

    /// Where TimeTracker's downloads find `filePath` under its static folder, as path components: `uploads/…` is
    /// looked up as `uploads/<file name>` (its portal's rule) and then as written; `app/static/…` (what current
    /// TimeTracker stores for client attachments, relative to its install) below the static folder; anything
    /// else as written. The first that exists wins. nil when the path would leave the folder (absolute, `..`).
    static func location(of filePath: String, in folder: UploadFolder) -> [String]? {
        let parts = filePath.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        guard !filePath.hasPrefix("/"), !parts.isEmpty, !parts.contains(where: { $0 == ".." || $0 == "." || $0.contains("\\") || $0.contains("\u{0}") }) else {
            return nil
        }
        var candidates: [[String]] = []
        if parts.first == "uploads", let name = parts.last { candidates.append(["uploads", name]) }
        if parts.count > 2, parts[0] == "app", parts[1] == "static" { candidates.append(Array(parts.dropFirst(2))) }
        candidates.append(parts)
        return candidates.first(where: folder.exists) ?? candidates.last
    }

    /// File types a copy keeps its extension for: documents, images and archives that browsers do not run.
    /// Anything else (`.html`, `.svg`, `.xml`, `.js`, …) is renamed `<name>_<ext>.bin`, so neither nginx nor a
    /// browser opening the folder from disk treats it as a page or a script.
    static let keptExtensions: Set<String> = [
        "pdf", "png", "jpg", "jpeg", "gif", "webp", "heic", "tif", "tiff", "bmp", "txt", "csv", "tsv", "md", "rtf", "doc", "docx", "xls", "xlsx",
        "ppt", "pptx", "odt", "ods", "odp", "odg", "pages", "numbers", "key", "zip", "7z", "gz", "tgz", "tar", "rar", "eml", "msg", "mp3", "m4a",
        "wav", "mp4", "mov", "dwg", "dxf", "psd", "ai", "indd", "sketch", "fig", "ics", "vcf",
    ]
    /// The longest file name, in UTF-8 bytes: below every common file system's 255 (ext4, XFS, APFS, NTFS in units).
    static let maxNameBytes = 200

    /// The uploaded name as a file name: path separators and control characters replaced, bidi controls
    /// removed (`invoice\u{202E}fdp.exe` must not read `invoiceexe.pdf`), no leading dot, an extension from
    /// ``keptExtensions``, and at most ``maxNameBytes`` bytes, cut at a character boundary before the extension.
    static func safeName(_ name: String) -> String {
        var scalars = String.UnicodeScalarView()
        for scalar in name.unicodeScalars where !scalar.isBidiControl {
            scalars.append(scalar == "/" || scalar == "\\" || scalar.properties.generalCategory == .control ? "_" : scalar)
        }
        var result = String(scalars).trimmingCharacters(in: .whitespaces)
        while result.hasPrefix(".") { result = "_" + result.dropFirst() }
        if result.isEmpty { result = "document" }
        var stem = result
        var ext = ""
        if let dot = result.lastIndex(of: "."), dot != result.startIndex {
            let candidate = String(result[result.index(after: dot)...])
            stem = String(result[..<dot])
            if keptExtensions.contains(candidate.lowercased()) {
                ext = "." + candidate
            } else {
                stem += "_" + candidate
                ext = ".bin"
            }
        }
        if stem.utf8.count + ext.utf8.count > maxNameBytes {
            var cut = ""
            for character in stem {
                if cut.utf8.count + character.utf8.count + ext.utf8.count > maxNameBytes { break }
                cut.append(character)
            }
            stem = cut.isEmpty ? "document" : cut
        }
        return stem + ext
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

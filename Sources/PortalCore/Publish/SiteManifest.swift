import Foundation

/// What a published site holds: each file's content hash and, for pages, their version.
///
/// Stored as `.manifest.json` inside the site directory (a dotfile, never served). The content hash is taken
/// before the page's version is filled in (the version is made from it).
struct SiteManifest: Codable, Equatable {
    struct Entry: Codable, Equatable {
        var hash: String
        /// The page's version (its `portalgen-version` meta tag); nil for other files.
        var version: String?
    }

    var build: String
    var files: [String: Entry]
    /// Digest of everything the site was built from (client fingerprint, day, theme, settings); a build
    /// with the same input skips the client without reading or rendering it.
    var input: String?
    /// How many files `files` holds, and how many of them are pages: a build that skips the site reads them
    /// with ``Head`` instead of every entry (nil in manifests written before they were kept).
    var fileCount: Int?
    var pageCount: Int?

    /// The fields a build needs to skip the site; decoding them alone takes a tenth of decoding every entry.
    struct Head: Decodable {
        var build: String
        var input: String?
        var fileCount: Int?
        var pageCount: Int?
    }

    init(build: String, files: [String: Entry], input: String?) {
        self.build = build
        self.files = files
        self.input = input
        fileCount = files.count
        pageCount = Self.pages(in: files)
    }

    /// How many of `files` are pages.
    static func pages(in files: [String: Entry]) -> Int {
        files.keys.filter { $0.hasSuffix(".html") }.count
    }

    static let fileName = ".manifest.json"

    static func read(from directory: URL) -> SiteManifest? {
        guard let data = try? Data(contentsOf: directory.appendingPathComponent(fileName)) else { return nil }
        return try? JSONDecoder().decode(SiteManifest.self, from: data)
    }

    /// The live site in `directory` as a build that may skip it sees it.
    static func liveSite(in directory: URL) -> LiveSite? {
        guard let data = try? Data(contentsOf: directory.appendingPathComponent(fileName)),
            let head = try? JSONDecoder().decode(Head.self, from: data)
        else { return nil }
        if let files = head.fileCount, let pages = head.pageCount { return LiveSite(build: head.build, input: head.input, files: files, pages: pages) }
        guard let manifest = try? JSONDecoder().decode(SiteManifest.self, from: data) else { return nil }
        return LiveSite(build: manifest.build, input: manifest.input, files: manifest.files.count, pages: pages(in: manifest.files))
    }

    func encoded() -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return (try? encoder.encode(self)) ?? Data()
    }
}

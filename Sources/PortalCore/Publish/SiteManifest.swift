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

    static let fileName = ".manifest.json"

    static func read(from directory: URL) -> SiteManifest? {
        guard let data = try? Data(contentsOf: directory.appendingPathComponent(fileName)) else { return nil }
        return try? JSONDecoder().decode(SiteManifest.self, from: data)
    }

    func encoded() -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return (try? encoder.encode(self)) ?? Data()
    }
}

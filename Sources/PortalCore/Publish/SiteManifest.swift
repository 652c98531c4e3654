import Foundation

/// What a published site holds: each file's content hash and the time its content last changed.
///
/// Stored as `.manifest.json` inside the site directory (a dotfile, never served). The content hash is taken
/// before the "generated at" stamp is filled in, so an unchanged page keeps its stamp and its bytes.
struct SiteManifest: Codable, Equatable {
    struct Entry: Codable, Equatable {
        var hash: String
        /// When the content last changed, `YYYY-MM-DD HH:MM` in the TimeTracker time zone; nil for non-pages.
        var stamp: String?
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

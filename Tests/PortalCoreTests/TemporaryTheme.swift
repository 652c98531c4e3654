import Foundation

/// A theme named `t` in a fresh temporary themes folder, its files written from `files` (a path inside the
/// theme without `.mustache`, such as `templates/layout`, → its text); `remove()` deletes the folder.
struct TemporaryTheme {
    let themes: URL

    init(_ files: [String: String]) throws {
        themes = FileManager.default.temporaryDirectory.appendingPathComponent("portalgen-theme-\(UUID().uuidString)")
        let base = themes.appendingPathComponent("t")
        for folder in ["templates", "partials"] {
            try FileManager.default.createDirectory(at: base.appendingPathComponent(folder), withIntermediateDirectories: true)
        }
        try Data(#"{"name": "t"}"#.utf8).write(to: base.appendingPathComponent("theme.json"))
        for (path, text) in files { try Data(text.utf8).write(to: base.appendingPathComponent(path + ".mustache")) }
    }

    func remove() { try? FileManager.default.removeItem(at: themes) }
}

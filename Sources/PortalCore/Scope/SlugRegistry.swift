import Foundation

/// Remembers which slug each client got (`output/.portalgen-slugs.json`), so renaming a client in
/// TimeTracker never moves its site or breaks the proxy's mapping.
struct SlugRegistry {
    let file: URL

    init(output: URL) { file = OutputFolder(output).slugRegistry }

    func read() -> [Int64: String] {
        guard let data = try? Data(contentsOf: file), let object = try? JSONDecoder().decode([String: String].self, from: data) else { return [:] }
        var result: [Int64: String] = [:]
        for (key, value) in object { if let id = Int64(key) { result[id] = value } }
        return result
    }

    /// Stores the current assignment when it changed (written atomically; a failure only loses stability).
    func write(_ clients: [PortalClient]) {
        let stored = read()
        var merged = stored
        for client in clients { merged[client.id] = client.slug }
        guard merged != stored else { return }
        let object = Dictionary(uniqueKeysWithValues: merged.map { (String($0.key), $0.value) })
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
        guard let data = try? encoder.encode(object) else { return }
        try? FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try? data.write(to: file, options: .atomic)
    }
}

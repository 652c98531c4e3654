import Foundation
import Synchronization

/// Collects the keys every template and partial is given while a site renders, for the generated key
/// reference (`portalgen themes --keys`): the reference is what the page models actually hand the theme,
/// so it cannot drift from them.
final class ContextRecorder: Sendable {
    /// Per template: the number of objects met at each level (by the path prefix of their keys), and per
    /// key path how many of those objects held it and the kinds of value seen.
    private struct Template {
        var objects: [String: Int] = [:]
        var keys: [String: (present: Int, kinds: Set<String>)] = [:]
    }
    private let templates = Mutex<[String: Template]>([:])

    func record(_ template: String, _ context: [String: Any]) {
        templates.withLock { all in
            var entry = all[template] ?? Template()
            Self.walk(context, prefix: "", into: &entry)
            all[template] = entry
        }
    }

    private static func walk(_ object: [String: Any], prefix: String, into template: inout Template) {
        template.objects[prefix, default: 0] += 1
        for (key, value) in object {
            let path = prefix + key
            var entry = template.keys[path] ?? (0, [])
            entry.present += 1
            entry.kinds.insert(kind(key, value))
            template.keys[path] = entry
            if let child = value as? [String: Any] {
                walk(child, prefix: path + ".", into: &template)
            } else if let list = value as? [[String: Any]] {
                for element in list { walk(element, prefix: path + "[].", into: &template) }
            }
        }
    }

    static func kind(_ key: String, _ value: Any) -> String {
        switch value {
        case is Bool: return "flag"
        case is Int, is Double: return "number"
        case is String:
            return key.hasSuffix("HTML") || ["content", "chart", "customHeader", "customFooter", "generated", "pageVersion"].contains(key) ? "HTML" : "text"
        case is [String: Any]: return "object"
        case is [[String: Any]]: return "list"
        case is [String]: return "list of text"
        default: return "value"
        }
    }

    /// The reference as Markdown: one table per template, keys in order, each with its kind and whether
    /// it can be absent.
    func markdown(partials: Set<String>) -> String {
        let all = templates.withLock { $0 }
        var out = ""
        for name in all.keys.sorted(by: { (partials.contains($0) ? 1 : 0, $0) < (partials.contains($1) ? 1 : 0, $1) }) {
            let template = all[name]!
            out += "\n### `\(name)` (\(partials.contains(name) ? "partials" : "templates")/\(name).mustache)\n\n| key | value |\n|---|---|\n"
            for path in template.keys.keys.sorted() {
                let key = template.keys[path]!
                var kinds = key.kinds.sorted()
                if kinds.contains("HTML") { kinds = ["HTML (print with `{{{…}}}`)"] }
                let parent = String(path[..<(path.range(of: ".", options: .backwards)?.upperBound ?? path.startIndex)])
                let optional = key.present < template.objects[parent, default: 0] ? ", sometimes absent" : ""
                out += "| `\(path)` | \(kinds.joined(separator: " or "))\(optional) |\n"
            }
        }
        return out
    }
}

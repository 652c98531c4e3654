import Crypto

/// A render context split into its structure and its text.
///
/// The structure is everything a Mustache template can branch on: dictionary keys, list lengths and
/// booleans, and of each text whether it is empty or ends with a newline (swift-mustache indents the output
/// of an indented partial after a token that ends a line). The text is every string or number in the context
/// (its leaves), in walk order. Two contexts with the same ``key`` render to the same output apart from where
/// their leaves go, as long as the template does not look inside text (no transforms or lambdas;
/// ``StencilCache`` checks that).
struct ContextShape: Equatable {
    /// The structure, as text.
    private var key = ""
    /// Strings and numbers, in the order the walk met them.
    private(set) var leaves: [String] = []

    /// Nil when the context holds anything but dictionaries, arrays, strings, integers, doubles and booleans.
    init?(_ context: [String: Any]) {
        key.reserveCapacity(256)
        leaves.reserveCapacity(32)
        guard walk(context) else { return nil }
    }

    /// An empty shape, to be built with `open`, `leaf`, `flag` … in the order the walk would meet them.
    init() {}

    mutating func open() { key.append("{") }
    mutating func close() { key.append("}") }
    mutating func openList(_ name: String) { key += name + ":[" }
    mutating func closeList() { key.append("]") }
    mutating func flag(_ name: String, _ value: Bool) { key += name + (value ? ":T" : ":F") }

    mutating func leaf(_ name: String, _ value: String) {
        key += name + ":"
        append(value)
    }

    /// A text leaf: `s`, or `e` when empty, `n` when it ends with a newline.
    private mutating func append(_ text: String) {
        if text.isEmpty {
            key.append("e")
        } else if text.utf8.last == UInt8(ascii: "\n"), text.last == "\n" {
            key.append("n")
        } else {
            key.append("s")
        }
        leaves.append(text)
    }

    /// The structure as a cache key: equal keys mean equal structure. Long structures (pages with long
    /// lists) are shortened to their SHA-256.
    var cacheKey: String {
        key.utf8.count > 512 ? "\u{1}" + SHA256.hash(data: Array(key.utf8)).hex : key
    }

    private mutating func walk(_ value: Any) -> Bool {
        // The usual types by identity first: a failed `as?` cast costs more than the whole lookup.
        let type = ObjectIdentifier(Swift.type(of: value))
        if type == Self.string {
            append(value as! String)
            return true
        } else if type == Self.bool {
            key.append((value as! Bool) ? "T" : "F")
            return true
        } else if type == Self.dictionary {
            return walk(dictionary: value as! [String: Any])
        } else if type == Self.list {
            key.append("[")
            for child in value as! [[String: Any]] where !walk(dictionary: child) { return false }
            key.append("]")
            return true
        }
        switch value {
        case let text as String:
            append(text)
        case let flag as Bool:
            key.append(flag ? "T" : "F")
        case let number as Int:
            key.append("s")
            leaves.append(String(number))
        case let number as Int64:
            key.append("s")
            leaves.append(String(number))
        case let number as Double:
            key.append("s")
            leaves.append(String(describing: number))
        case let dictionary as [String: Any]:
            return walk(dictionary: dictionary)
        case let list as [Any]:
            key.append("[")
            for child in list where !walk(child) { return false }
            key.append("]")
        default:
            return false
        }
        return true
    }

    private mutating func walk(dictionary: [String: Any]) -> Bool {
        // Sorted: a dictionary's order depends on the instance, not only on its keys.
        key.append("{")
        for (name, child) in dictionary.sorted(by: { $0.key < $1.key }) {
            key.append(name)
            key.append(":")
            guard walk(child) else { return false }
        }
        key.append("}")
        return true
    }

    private static let string = ObjectIdentifier(String.self)
    private static let bool = ObjectIdentifier(Bool.self)
    private static let dictionary = ObjectIdentifier([String: Any].self)
    private static let list = ObjectIdentifier([[String: Any]].self)

    /// The context again with leaf `i` replaced by `marker(i, endsLine)`, `endsLine` telling whether the
    /// leaf is a text that ends with a newline; walks in the same order as `init`.
    static func marked(_ context: [String: Any], marker: (Int, Bool) -> String) -> [String: Any] {
        var next = 0
        func mark(_ value: Any) -> Any {
            switch value {
            case let text as String:
                defer { next += 1 }
                return marker(next, text.last == "\n")
            case is Int, is Int64, is Double:
                defer { next += 1 }
                return marker(next, false)
            case let flag as Bool:
                return flag
            case let dictionary as [String: Any]:
                var copy: [String: Any] = [:]
                for (name, child) in dictionary.sorted(by: { $0.key < $1.key }) { copy[name] = mark(child) }
                return copy
            case let list as [[String: Any]]:
                return list.map(mark)
            case let list as [Any]:
                return list.map(mark)
            default:
                return value
            }
        }
        return mark(context) as! [String: Any]
    }
}

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
    /// The structure, as text (bytes: appending to a `String` cost a fifth of the walk).
    private var key: [UInt8] = []
    /// Strings and numbers, in the order the walk met them.
    private(set) var leaves: [String] = []

    /// Nil when the context holds anything but dictionaries, arrays, strings, integers, doubles and booleans.
    init?(_ context: [String: Any]) {
        key.reserveCapacity(256)
        leaves.reserveCapacity(32)
        guard walk(context) else { return nil }
    }

    /// The shape of `row.context`, walked from the row's fields without building the dictionary (a page of
    /// time entries has a hundred rows, a full build a million).
    /// Nil, as for a context, when a value is of another type.
    init?(row: ListRow) {
        key.reserveCapacity(256)
        leaves.reserveCapacity(16)
        guard walk(row: row) else { return nil }
    }

    private mutating func walk(row: ListRow) -> Bool {
        put("{")
        for field in row.fields {
            put(name: field.name)
            put(":")
            switch field.value {
            case .text(let text): append(text)
            case .flag(let flag): put(flag ? "T" : "F")
            case .list(let rows):
                put("[")
                for child in rows where !walk(row: child) { return false }
                put("]")
            case .other(let other): guard walk(other) else { return false }
            }
        }
        put("}")
        return true
    }

    private mutating func put(_ byte: Unicode.Scalar) { key.append(UInt8(ascii: byte)) }
    private mutating func put(name: String) { key.append(contentsOf: name.utf8) }

    /// A text leaf: `s`, or `e` when empty, `n` when it ends with a newline.
    private mutating func append(_ text: String) {
        if text.isEmpty {
            put("e")
        } else if Self.endsLine(text) {
            put("n")
        } else {
            put("s")
        }
        leaves.append(text)
    }

    /// Whether `text` ends with a newline as swift-mustache sees it (a whole `Character`: `"\r\n"` is not one).
    static func endsLine(_ text: String) -> Bool {
        text.utf8.last == UInt8(ascii: "\n") && text.last == "\n"
    }

    /// The structure as a cache key: equal keys mean equal structure. Long structures (pages with long
    /// lists) are shortened to their SHA-256.
    var cacheKey: [UInt8] {
        key.count > 512 ? [1] + Array(SHA256.hash(data: key)) : key
    }

    private mutating func walk(_ value: Any) -> Bool {
        // The usual types by identity first: a failed `as?` cast costs more than the whole lookup.
        let type = ObjectIdentifier(Swift.type(of: value))
        if type == Self.string {
            append(value as! String)
            return true
        } else if type == Self.bool {
            put((value as! Bool) ? "T" : "F")
            return true
        } else if type == Self.dictionary {
            return walk(dictionary: value as! [String: Any])
        } else if type == Self.list {
            put("[")
            for child in value as! [[String: Any]] where !walk(dictionary: child) { return false }
            put("]")
            return true
        }
        switch value {
        case let text as String:
            append(text)
        case let flag as Bool:
            put(flag ? "T" : "F")
        case let number as Int:
            put("s")
            leaves.append(String(number))
        case let number as Int64:
            put("s")
            leaves.append(String(number))
        case let number as Double:
            put("s")
            leaves.append(String(describing: number))
        case let dictionary as [String: Any]:
            return walk(dictionary: dictionary)
        case let list as [Any]:
            put("[")
            for child in list where !walk(child) { return false }
            put("]")
        default:
            return false
        }
        return true
    }

    private mutating func walk(dictionary: [String: Any]) -> Bool {
        // Sorted: a dictionary's order depends on the instance, not only on its keys.
        put("{")
        for (name, child) in dictionary.sorted(by: { $0.key < $1.key }) {
            put(name: name)
            put(":")
            guard walk(child) else { return false }
        }
        put("}")
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
                return marker(next, endsLine(text))
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

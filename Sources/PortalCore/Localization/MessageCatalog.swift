import Foundation

/// One language's translations, read from a gettext `.po` file.
///
/// A message is keyed by its English text (`msgid`); plural messages carry their English plural
/// (`msgid_plural`) and one translation per form of the language's `Plural-Forms` rule. Fuzzy and empty
/// translations count as missing, as gettext's tools treat them. Placeholders are Mustache variables
/// (`{{count}}`) and are checked by ``placeholderProblem(msgid:translation:)``.
package struct MessageCatalog: Sendable {
    package struct Message: Sendable, Equatable {
        var plural: String?
        /// One string for a simple message, one per plural form otherwise.
        var translations: [String]
        /// Line of the `msgid` in the file, for messages.
        package var line: Int
    }

    package var language: String
    var plural: PluralRule
    package var messages: [String: Message]
    /// The file it was read from.
    package var file: String

    package init(language: String, plural: PluralRule = .english, messages: [String: Message] = [:], file: String = "") {
        self.language = language
        self.plural = plural
        self.messages = messages
        self.file = file
    }

    /// Reads a `.po` file. Throws ``CatalogError`` naming the file and line.
    package init(contentsOf url: URL, language: String) throws(CatalogError) {
        guard let data = try? Data(contentsOf: url), let text = String(data: data, encoding: .utf8) else {
            throw CatalogError(file: url.path, line: nil, message: "cannot be read as UTF-8 text")
        }
        try self.init(po: text, language: language, file: url.path)
    }

    /// Parses the text of a `.po` file.
    package init(po text: String, language: String, file: String) throws(CatalogError) {
        self.init(language: language, file: file)
        var entry = Entry()
        var field: String?
        var lineNumber = 0
        func finish() throws(CatalogError) {
            defer { entry = Entry() }
            guard let id = entry.id else { return }
            if id.isEmpty {
                if let header = entry.strings[0], let forms = header.split(separator: "\n").first(where: { $0.hasPrefix("Plural-Forms:") }) {
                    do { plural = try PluralRule(header: String(forms.dropFirst("Plural-Forms:".count))) } catch {
                        throw CatalogError(file: file, line: entry.line, message: error.message)
                    }
                }
                return
            }
            let count = entry.plural == nil ? 1 : plural.count
            let translations = (0..<count).map { entry.strings[$0] ?? "" }
            if entry.fuzzy || translations.contains(where: \.isEmpty) { return }
            if messages[id] != nil { throw CatalogError(file: file, line: entry.line, message: "msgid \(Self.quoted(id)) appears twice") }
            messages[id] = Message(plural: entry.plural, translations: translations, line: entry.line)
        }
        for rawLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNumber += 1
            let line = rawLine.trimmingCharacters(in: .whitespaces)
            if line.isEmpty {
                try finish()
                field = nil
                continue
            }
            if line.hasPrefix("#,") {
                if entry.id != nil { try finish() }
                if line.contains("fuzzy") { entry.fuzzy = true }
                continue
            }
            if line.hasPrefix("#") { continue }
            if line.hasPrefix("\"") {
                guard let field else { throw CatalogError(file: file, line: lineNumber, message: "a string continues no msgid or msgstr") }
                entry.append(try Self.unquote(line, file: file, line: lineNumber), to: field)
                continue
            }
            let keyword = String(line.prefix { !$0.isWhitespace })
            let value = try Self.unquote(line.dropFirst(keyword.count).trimmingCharacters(in: .whitespaces), file: file, line: lineNumber)
            switch keyword {
            case "msgctxt":
                if entry.id != nil { try finish() }
                throw CatalogError(file: file, line: lineNumber, message: "msgctxt is not used by portalgen's catalogs; the English text alone is the key")
            case "msgid":
                if entry.id != nil { try finish() }
                entry.id = value
                entry.line = lineNumber
                field = "msgid"
            case "msgid_plural":
                entry.plural = value
                field = "msgid_plural"
            case "msgstr":
                entry.strings[0] = value
                field = "msgstr[0]"
            default:
                guard keyword.hasPrefix("msgstr["), keyword.hasSuffix("]"), let index = Int(keyword.dropFirst(7).dropLast()), (0..<6).contains(index) else {
                    throw CatalogError(
                        file: file, line: lineNumber, message: "unknown keyword \"\(keyword)\"; expected msgid, msgid_plural, msgstr or msgstr[N]")
                }
                entry.strings[index] = value
                field = "msgstr[\(index)]"
            }
        }
        try finish()
    }

    private struct Entry {
        var id: String?
        var plural: String?
        var strings: [Int: String] = [:]
        var fuzzy = false
        var line = 0

        mutating func append(_ text: String, to field: String) {
            switch field {
            case "msgid": id = (id ?? "") + text
            case "msgid_plural": plural = (plural ?? "") + text
            default:
                let index = Int(field.dropFirst(7).dropLast()) ?? 0
                strings[index] = (strings[index] ?? "") + text
            }
        }
    }

    /// The text inside `"…"` with C escapes resolved.
    static func unquote(_ text: String, file: String, line: Int) throws(CatalogError) -> String {
        guard text.count >= 2, text.hasPrefix("\""), text.hasSuffix("\"") else {
            throw CatalogError(file: file, line: line, message: "expected a string in double quotes, found \(text)")
        }
        var result = ""
        var escaped = false
        for character in text.dropFirst().dropLast() {
            if escaped {
                switch character {
                case "n": result.append("\n")
                case "t": result.append("\t")
                case "r": result.append("\r")
                default: result.append(character)
                }
                escaped = false
            } else if character == "\\" {
                escaped = true
            } else {
                result.append(character)
            }
        }
        return result
    }

    /// `text` as a `.po` string literal.
    package static func quoted(_ text: String) -> String {
        var result = "\""
        for character in text {
            switch character {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\t": result += "\\t"
            default: result.append(character)
            }
        }
        return result + "\""
    }

    /// The Mustache tags and HTML tags of `text`, sorted: a translation must hold exactly those of its msgid.
    /// A scan of the UTF-8 bytes, not a regular expression: `check` compares every message of every language of
    /// every theme, and Swift's `Regex` made that most of its time.
    static func placeholders(_ text: String) -> [String] {
        let bytes = Array(text.utf8)
        let brace = UInt8(ascii: "{"), closeBrace = UInt8(ascii: "}"), angle = UInt8(ascii: "<"), closeAngle = UInt8(ascii: ">")
        var found: [String] = []
        var start = 0
        while start < bytes.count {
            // `<…>`, `{{…}}` or `{{{…}}}`, whose inside holds no closing character.
            let width: Int
            if bytes[start] == angle {
                width = 1
            } else if bytes[start] == brace, start + 1 < bytes.count, bytes[start + 1] == brace {
                width = start + 2 < bytes.count && bytes[start + 2] == brace ? 3 : 2
            } else {
                start += 1
                continue
            }
            let closing = width == 1 ? closeAngle : closeBrace
            var end = start + width
            while end < bytes.count, bytes[end] != closing { end += 1 }
            guard end + width <= bytes.count, bytes[end..<end + width].allSatisfy({ $0 == closing }) else {
                start += 1
                continue
            }
            found.append(String(decoding: bytes[start..<end + width].filter { $0 != UInt8(ascii: " ") }, as: UTF8.self))
            start = end + width
        }
        return found.sorted()
    }

    /// Why `translation` cannot stand for `msgid`, or nil: every `{{placeholder}}` and HTML tag of the
    /// English text must be in the translation, and no other. A plural form may leave placeholders out
    /// (Arabic's form for zero need not print the number) but never add one.
    static func placeholderProblem(msgid: String, translation: String, plural: Bool = false) -> String? {
        let expected = placeholders(msgid), found = placeholders(translation)
        guard expected != found else { return nil }
        if plural, found.allSatisfy(expected.contains) { return nil }
        let missing = expected.filter { !found.contains($0) }, extra = found.filter { !expected.contains($0) }
        var parts: [String] = []
        if !missing.isEmpty { parts.append("lacks \(missing.joined(separator: " "))") }
        if !extra.isEmpty { parts.append("has \(extra.joined(separator: " ")), which the English text does not") }
        if parts.isEmpty { parts.append("repeats or drops a placeholder (expected \(expected.joined(separator: " ")))") }
        return "the translation " + parts.joined(separator: " and ")
    }
}

/// A catalog that cannot be read: the file, the line and what to fix.
package struct CatalogError: Error, Sendable, CustomStringConvertible {
    package var file: String
    package var line: Int?
    package var message: String

    package var description: String { "\(file)\(line.map { ":\($0)" } ?? ""): \(message)" }
}

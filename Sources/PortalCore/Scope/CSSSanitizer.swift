import Foundation

/// Makes an admin's custom CSS safe to serve from the database: a tokenizer after CSS Syntax Level 3 that sees
/// what a browser sees — escapes decoded (`@\69mport` is `@import`), comments as separators — and keeps:
/// - at-rules `@media`, `@supports`, `@font-face`, `@keyframes` (any vendor prefix), `@layer`, `@container`,
///   `@page`; every other at-rule (`@import`, `@charset`, `@namespace`, …) is dropped up to its `;` or block;
/// - `url()` and `image-set()`/`src()` targets that are relative paths, `https:` or `data:image/…`; others
///   become `none`;
/// - no `expression()`, `behavior`, `-moz-binding`, `javascript:`; no `<` at all.
/// Everything else passes unchanged, so ordinary stylesheets survive byte for byte.
enum CSSSanitizer {
    static let allowedAtRules: Set<String> = ["media", "supports", "font-face", "keyframes", "layer", "container", "page"]
    static let forbiddenNames: Set<String> = ["expression", "behavior", "-moz-binding", "javascript"]

    static func clean(_ css: String) -> String {
        let input = Array(css.unicodeScalars.filter { $0 != "\u{0}" && $0 != "<" })
        var output = String.UnicodeScalarView()
        var index = 0
        func peek(_ offset: Int = 0) -> Unicode.Scalar? { index + offset < input.count ? input[index + offset] : nil }
        func isNameScalar(_ s: Unicode.Scalar) -> Bool {
            s == "-" || s == "_" || ("a"..."z").contains(s) || ("A"..."Z").contains(s) || ("0"..."9").contains(s) || s.value >= 0x80
        }
        /// Reads a name at `index` (escapes decoded); returns the decoded name and advances.
        func readName() -> String {
            var name = String.UnicodeScalarView()
            while let s = peek() {
                if s == "\\", let next = peek(1), next != "\n" {
                    index += 1
                    name.append(readEscape())
                } else if isNameScalar(s) {
                    name.append(s)
                    index += 1
                } else {
                    break
                }
            }
            return String(name)
        }
        /// Decodes the escape after a backslash (at `index`): up to six hex digits and one whitespace, or one scalar.
        func readEscape() -> Unicode.Scalar {
            var hex = ""
            while hex.count < 6, let s = peek(), s.properties.isASCIIHexDigit {
                hex.unicodeScalars.append(s)
                index += 1
            }
            if hex.isEmpty {
                let s = peek() ?? "\u{FFFD}"
                index += 1
                return s
            }
            if let s = peek(), s == " " || s == "\t" || s == "\n" { index += 1 }
            guard let value = UInt32(hex, radix: 16), value != 0, let scalar = Unicode.Scalar(value) else { return "\u{FFFD}" }
            return scalar
        }
        /// Skips a comment at `index` (after `/*`).
        func skipComment() {
            index += 2
            while index < input.count, !(input[index] == "*" && peek(1) == "/") { index += 1 }
            index = min(input.count, index + 2)
        }
        /// Reads a string token at `index` (the quote), returns its decoded value and raw text.
        func readString() -> (value: String, raw: String) {
            let quote = input[index]
            let start = index
            index += 1
            var value = String.UnicodeScalarView()
            while let s = peek(), s != quote, s != "\n" {
                if s == "\\", peek(1) != nil {
                    index += 1
                    if peek() == "\n" { index += 1 } else { value.append(readEscape()) }
                } else {
                    value.append(s)
                    index += 1
                }
            }
            if peek() == quote { index += 1 }
            return (String(value), String(String.UnicodeScalarView(input[start..<index])))
        }
        /// Skips an at-rule's prelude and its block or `;`.
        func skipAtRule() {
            var depth = 0
            while let s = peek() {
                if s == "/" && peek(1) == "*" {
                    skipComment()
                    continue
                }
                if s == "\"" || s == "'" {
                    _ = readString()
                    continue
                }
                if s == "\\" {
                    index += 2
                    continue
                }
                index += 1
                if s == ";" && depth == 0 { return }
                if s == "{" { depth += 1 }
                if s == "}" {
                    depth -= 1
                    if depth <= 0 { return }
                }
            }
        }
        func isSafeURL(_ target: String) -> Bool {
            let cleaned = String(target.unicodeScalars.filter { $0.value > 0x20 && $0.value != 0x7f }).lowercased()
            if cleaned.hasPrefix("https://") || cleaned.hasPrefix("data:image/") { return true }
            if cleaned.hasPrefix("//") { return false }
            if let colon = cleaned.firstIndex(of: ":") {
                let before = cleaned[..<colon]
                return before.contains("/") || before.contains("?") || before.contains("#")
            }
            return true
        }
        /// After a function name that loads something: reads its arguments to the matching `)`, keeping the
        /// function if every URL in it is safe.
        func readLoadingFunction(name: String, start: Int) {
            var depth = 1
            var safe = true
            var unquoted = String.UnicodeScalarView()
            while let s = peek(), depth > 0 {
                if s == "\"" || s == "'" {
                    if !isSafeURL(readString().value) { safe = false }
                    continue
                }
                if s == "\\" {
                    index += 1
                    unquoted.append(readEscape())
                    continue
                }
                index += 1
                if s == "(" { depth += 1 }
                if s == ")" { depth -= 1 } else if depth == 1 { unquoted.append(s) }
            }
            let bare = String(unquoted).trimmingCharacters(in: .whitespaces)
            if name == "url", !bare.isEmpty, !isSafeURL(bare) { safe = false }
            if String(unquoted).lowercased().contains("javascript:") { safe = false }
            if safe {
                output.append(contentsOf: input[start..<index])
            } else {
                output.append(contentsOf: "none".unicodeScalars)
            }
        }

        while let s = peek() {
            if s == "/" && peek(1) == "*" {
                skipComment()
                output.append(" ")
            } else if s == "\"" || s == "'" {
                let string = readString()
                if string.value.lowercased().contains("javascript:") {
                    output.append(contentsOf: "\"\"".unicodeScalars)
                } else {
                    output.append(contentsOf: string.raw.unicodeScalars)
                }
            } else if s == "@" {
                let start = index
                index += 1
                let name = readName().lowercased()
                let bare = name.replacingOccurrences(of: #"^-[a-z]+-"#, with: "", options: .regularExpression)
                if allowedAtRules.contains(bare) {
                    output.append(contentsOf: input[start..<index])
                } else {
                    skipAtRule()
                    output.append(contentsOf: "/* removed */".unicodeScalars)
                }
            } else if isNameScalar(s) || s == "\\" {
                let start = index
                let name = readName()
                let lower = name.lowercased()
                if forbiddenNames.contains(lower) || lower.hasPrefix("javascript") {
                    // A forbidden function loses its arguments too; a forbidden property its value.
                    if peek() == "(" {
                        index += 1
                        var depth = 1
                        while let c = peek(), depth > 0 {
                            index += 1
                            if c == "(" { depth += 1 }
                            if c == ")" { depth -= 1 }
                        }
                    } else {
                        while let c = peek(), c != ";", c != "}" { index += 1 }
                    }
                    output.append(contentsOf: "/* removed */".unicodeScalars)
                } else if peek() == "(", ["url", "image-set", "-webkit-image-set", "src", "image"].contains(lower) {
                    index += 1
                    readLoadingFunction(name: lower, start: start)
                } else if index == start {
                    output.append(s)
                    index += 1
                } else {
                    output.append(contentsOf: input[start..<index])
                }
            } else {
                output.append(s)
                index += 1
            }
        }
        return String(output)
    }
}

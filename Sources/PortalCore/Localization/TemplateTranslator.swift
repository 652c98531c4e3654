import Foundation

/// Translates a template's `{{#i18n}}…{{/i18n}}` sections before Mustache parses it, so a translated page
/// renders exactly as fast as an English one: the words are template text, not values looked up per row.
///
/// The English text between the tags, with runs of white space made one space, is the message key. It
/// may hold Mustache variables and inline HTML (`Your <a href="…">statement</a> lists …`), which the
/// translation must keep (``MessageCatalog/placeholderProblem(msgid:translation:)``). Translations are
/// template source, trusted as the theme's templates are.
package enum TemplateTranslator {
    package static let open = "{{#i18n}}"
    package static let close = "{{/i18n}}"

    /// A template's English messages in order of appearance (with repeats), or the problem, with its line.
    package static func messages(in source: String) throws(TemplateTranslationError) -> [String] {
        var found: [String] = []
        _ = try translate(source) { message in
            found.append(message)
            return message
        }
        return found
    }

    /// `source` with each message replaced by `translation(message)`.
    static func translate(_ source: String, _ translation: (String) -> String) throws(TemplateTranslationError) -> String {
        guard source.contains(open) else { return source }
        var result = ""
        var rest = Substring(source)
        while let start = rest.range(of: open) {
            result += rest[..<start.lowerBound]
            guard let end = rest[start.upperBound...].range(of: close) else {
                throw TemplateTranslationError(line: line(of: start.lowerBound, in: source), message: "\(open) is never closed by \(close)")
            }
            let inner = rest[start.upperBound..<end.lowerBound]
            if inner.contains(open) {
                throw TemplateTranslationError(line: line(of: start.lowerBound, in: source), message: "\(open) sections cannot be nested")
            }
            let message = normalized(inner)
            if message.isEmpty { throw TemplateTranslationError(line: line(of: start.lowerBound, in: source), message: "\(open)\(close) holds no text") }
            result += translation(message)
            rest = rest[end.upperBound...]
        }
        if rest.contains(close) {
            throw TemplateTranslationError(line: line(of: rest.range(of: close)!.lowerBound, in: source), message: "\(close) without \(open)")
        }
        return result + rest
    }

    /// `translation` with each value placeholder (`{{client}}`, `{{{generated}}}`) between U+2068 FIRST STRONG
    /// ISOLATE and U+2069 POP DIRECTIONAL ISOLATE, for right-to-left languages: the value (a company's name, a
    /// tax number) keeps its own direction inside the sentence, as `<bdi>` would, in `alt` and `aria-label` texts too.
    static func isolatingValues(_ translation: String) -> String {
        translation.replacing(/<[^>]*>|\{\{\{?\s*[A-Za-z_][A-Za-z0-9_.]*\s*\}?\}\}/) { match in
            // A placeholder inside a tag (an attribute of the message's own markup) stays as it is, and so does
            // one that is an element's whole content (`<strong class="num">{{amountDue}}</strong>`): the
            // element is its isolate, and the theme's CSS gives it its direction.
            let whole = translation[..<match.range.lowerBound].last == ">" && translation[match.range.upperBound...].first == "<"
            return match.output.first == "<" || whole ? String(match.output) : "\u{2068}\(match.output)\u{2069}"
        }
    }

    /// Runs of white space become one space; leading and trailing space goes.
    static func normalized(_ text: Substring) -> String {
        text.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" || $0 == "\r" }).joined(separator: " ")
    }

    private static func line(of index: String.Index, in text: String) -> Int {
        text[..<index].reduce(1) { $1 == "\n" ? $0 + 1 : $0 }
    }
}

package struct TemplateTranslationError: Error, Sendable {
    package var line: Int
    package var message: String
}

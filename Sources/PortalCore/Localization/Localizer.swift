import Foundation
import Synchronization

/// Translates the sentences portalgen itself composes (statuses, captions, navigation, CSV headers) into
/// one client's language, from the same catalogs the theme's templates are translated with.
///
/// A message is its English text; placeholders are Mustache variables (`{{count}}`), filled here with plain
/// text that the template escapes as it escapes any value.
package final class Localizer: Sendable {
    package let locale: PortalLocale
    /// The merged catalog of the language (nil for English and for languages no catalog covers).
    let catalog: MessageCatalog?
    /// English texts asked for that the catalog lacks, for `check` and the tests.
    private let misses = Mutex<Set<String>>([])

    package init(locale: PortalLocale, catalog: MessageCatalog?) {
        self.locale = locale
        self.catalog = catalog
    }

    /// The English localizer: every message is its own text.
    static let english = Localizer(locale: .english, catalog: nil)

    /// The language the words are in: the locale's when a catalog covers it, else English.
    var contentLanguage: String { catalog == nil ? "en" : locale.identifier }

    /// English messages that had no translation so far.
    package var missing: Set<String> { misses.withLock { $0 } }

    /// `msgid` in the client's language, with `{{name}}` placeholders filled from `values`.
    func callAsFunction(_ msgid: String, _ values: [String: String] = [:]) -> String {
        let text: String
        if let catalog, let message = catalog.messages[msgid] {
            text = message.translations[0]
        } else {
            if catalog != nil { misses.withLock { _ = $0.insert(msgid) } }
            text = msgid
        }
        return values.isEmpty ? text : Self.fill(text, isolated(values))
    }

    /// Whether the pages read right to left, where each value put into a sentence is isolated (U+2068 FIRST
    /// STRONG ISOLATE … U+2069 POP DIRECTIONAL ISOLATE, the plain-text `<bdi>`): "Rossi & Partners S.r.l." keeps
    /// its final period at its end and "+39 06 1234 5678" reads left to right inside an Arabic sentence.
    var isolatesValues: Bool { catalog != nil && locale.isRightToLeft }

    private func isolated(_ values: [String: String]) -> [String: String] {
        isolatesValues ? values.mapValues { "\u{2068}\($0)\u{2069}" } : values
    }

    /// The form of a plural message for `count`; `{{count}}` is filled with `formattedCount`.
    func plural(_ one: String, _ other: String, count: Int, formattedCount: String, _ values: [String: String] = [:]) -> String {
        var values = values
        values["count"] = formattedCount
        if let catalog, let message = catalog.messages[one], message.translations.count == catalog.plural.count {
            return Self.fill(message.translations[catalog.plural.form(for: count)], isolated(values))
        }
        if catalog != nil { misses.withLock { _ = $0.insert(one) } }
        return Self.fill(count == 1 ? one : other, isolated(values))
    }

    /// Replaces each `{{name}}` of `text` by `values[name]` in one pass (a value is never read as a placeholder).
    /// Works on UTF-8 bytes: the activity timeline fills a sentence per item, hundreds of thousands per build,
    /// and Foundation's `range(of:)` made that a tenth of the build.
    static func fill(_ text: String, _ values: [String: String]) -> String {
        let bytes = text.utf8
        var result = ""
        var copied = bytes.startIndex
        var index = bytes.startIndex
        let open = UInt8(ascii: "{"), close = UInt8(ascii: "}"), space = UInt8(ascii: " ")
        while index < bytes.endIndex {
            guard bytes[index] == open, let next = bytes.index(index, offsetBy: 1, limitedBy: bytes.endIndex), next < bytes.endIndex, bytes[next] == open
            else {
                index = bytes.index(after: index)
                continue
            }
            var nameStart = bytes.index(after: next)
            var end = nameStart
            while end < bytes.endIndex, bytes[end] != close { end = bytes.index(after: end) }
            let afterEnd = end < bytes.endIndex ? bytes.index(after: end) : end
            guard afterEnd < bytes.endIndex, bytes[afterEnd] == close else { break }
            var nameEnd = end
            while nameStart < nameEnd, bytes[nameStart] == space { nameStart = bytes.index(after: nameStart) }
            while nameEnd > nameStart, bytes[bytes.index(before: nameEnd)] == space { nameEnd = bytes.index(before: nameEnd) }
            if let value = values[String(Substring(bytes[nameStart..<nameEnd]))] {
                result += Substring(bytes[copied..<index])
                result += value
                copied = bytes.index(after: afterEnd)
            }
            index = bytes.index(after: afterEnd)
        }
        if copied == bytes.startIndex { return text }
        result += Substring(bytes[copied..<bytes.endIndex])
        return result
    }
}

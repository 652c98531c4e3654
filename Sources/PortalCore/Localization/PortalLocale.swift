import Foundation

/// The language and region a client reads the portal in, such as `de-DE`, and where that choice came from.
///
/// Any BCP 47 identifier is accepted: numbers, money and dates follow its region through Foundation's
/// locale data, while the words come from the catalog of its language when a theme has one (portalgen
/// ships catalogs for the twelve languages TimeTracker's own interface speaks) and are English otherwise.
package struct PortalLocale: Sendable, Hashable, CustomStringConvertible {
    /// Normalised identifier: language lowercased, region uppercased, joined by a hyphen (`pt-BR`).
    package let identifier: String
    /// Why this locale applies, for `portalgen clients`.
    package var source: Source

    package enum Source: String, Sendable {
        /// `clients.<id>.locale` in config.json.
        case client = "config (client)"
        /// The `preferred_language` the client's portal users agree on.
        case portalUsers = "portal users"
        /// `locale` in config.json, the installation's default (TimeTracker's settings hold no language).
        case configuration = "config (default)"
        /// Nothing chose one.
        case fallback = "default"
    }

    /// English as portalgen printed it before it spoke other languages: ISO codes after amounts, the date
    /// format of TimeTracker's settings.
    static let english = PortalLocale(identifier: "en", source: .fallback)

    /// The languages TimeTracker's interface ships in, all of which portalgen's built-in themes translate.
    static let shippedLanguages = ["ar", "de", "en", "es", "fi", "fr", "he", "it", "nb", "nl", "no", "pt"]

    init(identifier: String, source: Source) {
        self.identifier = identifier
        self.source = source
    }

    /// Parses `de`, `de-DE`, `de_DE` or `pt_br`; nil for anything that is not letters in one or two parts.
    package init?(_ text: String, source: Source) {
        let parts = text.trimmingCharacters(in: .whitespaces).split(whereSeparator: { $0 == "-" || $0 == "_" })
        guard (1...2).contains(parts.count), let language = parts.first, (2...3).contains(language.count),
            parts.allSatisfy({ $0.allSatisfy { $0.isASCII && $0.isLetter } })
        else { return nil }
        var identifier = language.lowercased()
        if parts.count == 2 {
            guard (2...3).contains(parts[1].count) else { return nil }
            identifier += "-" + parts[1].uppercased()
        }
        self.init(identifier: identifier, source: source)
    }

    /// `de` of `de-AT`.
    package var language: String { String(identifier.prefix { $0 != "-" }) }

    /// The region (`DE` of `de-DE`), or nil when the identifier names only a language.
    var region: String? { identifier.split(separator: "-").dropFirst().first.map(String.init) }

    /// Arabic and Hebrew (and the other right-to-left scripts) are laid out from right to left.
    var isRightToLeft: Bool { ["ar", "he", "fa", "ur", "yi", "ps", "sd", "ug", "dv", "ckb"].contains(language) }

    /// The English fallback keeps portalgen's original formats; any chosen locale uses its own.
    var isPlainEnglish: Bool { identifier == "en" && source == .fallback }

    var foundation: Locale { Locale(identifier: identifier.replacingOccurrences(of: "-", with: "_")) }

    package var description: String { identifier }

    package static func == (a: PortalLocale, b: PortalLocale) -> Bool { a.identifier == b.identifier && a.isPlainEnglish == b.isPlainEnglish }
    package func hash(into hasher: inout Hasher) {
        hasher.combine(identifier)
        hasher.combine(isPlainEnglish)
    }
}

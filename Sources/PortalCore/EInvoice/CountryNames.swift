import Foundation

/// ISO 3166 country codes by the names addresses use for them, in the languages of TimeTracker's users,
/// from the platform's locale data (no hand-written table beyond a few abbreviations).
enum CountryNames {
    static let languages = ["en", "de", "fr", "it", "es", "nl", "pt", "da", "sv", "nb", "fi", "pl", "cs", "ja", "ar", "he"]

    static let codes: [String: String] = {
        var codes: [String: String] = [:]
        let regions = Locale.Region.isoRegions.map(\.identifier).filter { $0.count == 2 && $0.allSatisfy(\.isLetter) }
        for language in languages {
            let locale = Locale(identifier: language)
            for region in regions {
                if let name = locale.localizedString(forRegionCode: region) { codes[key(name), default: region] = codes[key(name)] ?? region }
            }
        }
        for (alias, code) in ["usa": "US", "u.s.a.": "US", "us": "US", "uk": "GB", "great britain": "GB", "england": "GB", "scotland": "GB", "wales": "GB"] {
            codes[alias] = code
        }
        return codes
    }()

    /// Whether `code` is an ISO 3166 alpha-2 code.
    static func isCode(_ code: String) -> Bool { regions.contains(code) }

    private static let regions = Set(Locale.Region.isoRegions.map(\.identifier))

    /// The code of `name` ("Deutschland", "Italia", "USA", "Japan"), nil when it names no country.
    static func code(_ name: some StringProtocol) -> String? { codes[key(name)] }

    private static func key(_ name: some StringProtocol) -> String {
        name.trimmingCharacters(in: .whitespacesAndNewlines.union(.punctuationCharacters)).lowercased()
    }
}

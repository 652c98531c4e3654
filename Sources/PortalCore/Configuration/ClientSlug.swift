import Foundation

/// Directory names for clients: lowercase ASCII letters, digits and single hyphens, derived from the name.
///
/// A slug can never contain `/`, `.` or anything else that could escape `output/`.
package enum ClientSlug {
    /// At most this many characters, cut at a hyphen where possible.
    static let maximumLength = 60

    /// `Müller & Söhne GmbH` -> `mueller-soehne-gmbh`; `Северсталь` -> `severstal`; empty when nothing Latin remains.
    package static func make(from name: String) -> String {
        // Markup in a name (`<b>Acme</b>`) is not part of the name a person would type.
        let plain = name.replacingOccurrences(of: "<[^<>]*>", with: " ", options: .regularExpression)
        var german = ""
        for character in plain {
            switch character {
            case "ä": german += "ae"
            case "ö": german += "oe"
            case "ü": german += "ue"
            case "Ä": german += "Ae"
            case "Ö": german += "Oe"
            case "Ü": german += "Ue"
            case "ß": german += "ss"
            default: german.append(character)
            }
        }
        let latin = german.applyingTransform(StringTransform("Any-Latin; Latin-ASCII"), reverse: false) ?? german
        var slug = ""
        var pendingHyphen = false
        for scalar in latin.lowercased().unicodeScalars {
            if scalar.isASCII, CharacterSet.alphanumerics.contains(scalar) {
                if pendingHyphen, !slug.isEmpty { slug += "-" }
                pendingHyphen = false
                slug.unicodeScalars.append(scalar)
            } else if scalar == "'" || scalar == "\u{2019}" {
                continue  // O'Reilly -> oreilly
            } else {
                pendingHyphen = true
            }
        }
        if slug.count > maximumLength {
            let cut = String(slug.prefix(maximumLength))
            slug = cut.contains("-") ? String(cut[..<cut.lastIndex(of: "-")!]) : cut
        }
        return slug
    }

    /// Whether `slug` has the allowed shape (so it is safe as a directory name and in an nginx map).
    package static func isValid(_ slug: String) -> Bool {
        guard !slug.isEmpty, slug.count <= maximumLength, !slug.hasPrefix("-"), !slug.hasSuffix("-"), !slug.contains("--") else { return false }
        return slug.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }
    }
}

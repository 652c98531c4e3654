import Foundation

/// A postal address read from TimeTracker's free-text address (`Königstraße 12\n70173 Stuttgart\nDeutschland`):
/// the first line is the street, a line with a postal code gives the code and the city, and the last line
/// (or the end of it) names the country.
struct PostalAddress: Sendable, Hashable {
    var street: String?
    var additional: String?
    var city: String?
    var postalCode: String?
    var subdivision: String?
    var country: String?

    init(_ text: String?) {
        var lines = (text ?? "").split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        guard !lines.isEmpty else { return }
        if let code = CountryNames.code(lines.last!) {
            country = code
            lines.removeLast()
        } else if let last = lines.last, let space = last.lastIndex(of: " "), let code = CountryNames.code(last[last.index(after: space)...]) {
            // "100-0001 Japan": the country ends the last line.
            country = code
            lines[lines.count - 1] = String(last[..<space]).trimmingCharacters(in: .whitespaces)
        }
        guard !lines.isEmpty else { return }
        street = lines.count > 1 ? lines.removeFirst() : nil
        if let line = lines.last {
            Self.parseCityLine(line, into: &self)
            lines.removeLast()
        }
        if !lines.isEmpty { additional = lines.joined(separator: ", ") }
    }

    /// `70173 Stuttgart`, `90-001 Łódź`, `Phoenix, AZ 85001`, `London NW8 9AY`, `100-0001`.
    private static func parseCityLine(_ line: String, into address: inout PostalAddress) {
        let words = line.split(separator: " ").map(String.init)
        func isCode(_ word: String) -> Bool { word.contains(where: \.isNumber) && word.allSatisfy { $0.isNumber || $0.isUppercase || $0 == "-" } }
        if let first = words.first, isCode(first) {
            address.postalCode = first
            let city = words.dropFirst().joined(separator: " ")
            address.city = city.isEmpty ? nil : city
        } else if words.count >= 3, isCode(words[words.count - 1]), words[words.count - 2].count == 2, words[words.count - 2].allSatisfy(\.isUppercase) {
            // US style: city, state ZIP.
            address.postalCode = words[words.count - 1]
            address.subdivision = words[words.count - 2]
            address.city = words.dropLast(2).joined(separator: " ").trimmingCharacters(in: CharacterSet(charactersIn: ", "))
        } else if words.count >= 3, isCode(words[words.count - 1]), isCode(words[words.count - 2]) {
            // UK style: city, then a two-part postcode.
            address.postalCode = words.suffix(2).joined(separator: " ")
            address.city = words.dropLast(2).joined(separator: " ")
        } else {
            address.city = line
        }
    }
}

/// An International Bank Account Number, checked with ISO 13616's mod-97 rule.
struct IBAN: Sendable, Hashable {
    /// Upper case, no spaces: what a payment form or a QR code takes.
    let electronic: String

    /// `candidate` with spaces allowed; nil unless it is an IBAN whose check digits are right.
    init?(_ candidate: some StringProtocol) {
        let compact = String(String.UnicodeScalarView(candidate.unicodeScalars.filter { $0 != " " && $0 != "\u{A0}" })).uppercased()
        guard (15...34).contains(compact.count), compact.unicodeScalars.allSatisfy({ ("A"..."Z").contains($0) || ("0"..."9").contains($0) }) else {
            return nil
        }
        let scalars = Array(compact.unicodeScalars)
        guard scalars[0...1].allSatisfy({ ("A"..."Z").contains($0) }), scalars[2...3].allSatisfy({ ("0"..."9").contains($0) }) else { return nil }
        // Move the first four characters to the end, read letters as 10…35, and take the number mod 97.
        var remainder = 0
        for scalar in scalars[4...] + scalars[0..<4] {
            let value = ("0"..."9").contains(scalar) ? Int(scalar.value - 48) : Int(scalar.value - 55)
            remainder = (value > 9 ? remainder * 100 : remainder * 10) + value
            remainder %= 97
        }
        guard remainder == 1 else { return nil }
        electronic = compact
    }

    /// Groups of four, as printed on paper (`IT60 X054 2811 1010 0000 0123 456`).
    var grouped: String {
        var groups: [Substring] = []
        var rest = Substring(electronic)
        while !rest.isEmpty {
            groups.append(rest.prefix(4))
            rest = rest.dropFirst(4)
        }
        return groups.joined(separator: " ")
    }

    /// The ISO 3166 country of the account.
    var country: String { String(electronic.prefix(2)) }

    /// The first IBAN in free text such as TimeTracker's `company_bank_info`
    /// (`IBAN IT60 X054 2811 1010 0000 0123 456 · BIC BPMOIT22`), grouped or not.
    static func first(in text: String) -> IBAN? {
        let words = text.split(whereSeparator: { !$0.isLetter && !$0.isNumber })
        for start in words.indices {
            // An IBAN starts with two letters and two digits, and may be split into groups of four.
            guard words[start].count >= 4, let first = IBAN.prefixCandidate(words[start]) else { continue }
            var candidate = first
            var best = IBAN(candidate)
            var index = words.index(after: start)
            while index < words.endIndex, candidate.count < 34, words[index].count <= 4, words[index].allSatisfy({ $0.isASCII }) {
                candidate += words[index]
                if let iban = IBAN(candidate) { best = iban }
                index = words.index(after: index)
            }
            if let best { return best }
        }
        return nil
    }

    private static func prefixCandidate(_ word: Substring) -> String? {
        let scalars = Array(word.unicodeScalars)
        guard scalars.count >= 4, scalars[0...1].allSatisfy({ ("A"..."Z").contains($0) }), scalars[2...3].allSatisfy({ ("0"..."9").contains($0) }) else {
            return nil
        }
        return String(word)
    }
}

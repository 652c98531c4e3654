/// A bank's Business Identifier Code (ISO 9362): 8 or 11 characters, the bank, its country, its location
/// and an optional branch.
struct BIC: Sendable, Hashable {
    let code: String

    init?(_ candidate: some StringProtocol) {
        let code = candidate.uppercased()
        let scalars = Array(code.unicodeScalars)
        guard scalars.count == 8 || scalars.count == 11,
            scalars[0..<6].allSatisfy({ ("A"..."Z").contains($0) }),
            scalars[6...].allSatisfy({ ("A"..."Z").contains($0) || ("0"..."9").contains($0) })
        else { return nil }
        self.code = code
    }

    /// The code after `BIC` or `SWIFT` in free text such as TimeTracker's `company_bank_info`.
    static func first(in text: String) -> BIC? {
        let words = text.split(whereSeparator: { !$0.isLetter && !$0.isNumber })
        for (index, word) in words.enumerated() where ["BIC", "SWIFT"].contains(word.uppercased()) && index + 1 < words.count {
            var next = index + 1
            if words[next].uppercased() == "CODE", next + 1 < words.count { next += 1 }
            if let bic = BIC(words[next]) { return bic }
        }
        return nil
    }
}

import Foundation

/// Where a locale puts the currency and the sign around an amount, and how many decimals the currency
/// has (`1.028,98 €` in de-DE, `€ 1.028,98` in nl-NL, `¥1,029` in ja-JP), read once per locale and
/// currency from what Foundation's currency formatter writes for a probe amount.
package struct MoneyStyle: Sendable, Hashable {
    package var prefix: String
    package var suffix: String
    var negativePrefix: String
    var negativeSuffix: String
    var fractionDigits: Int

    /// portalgen's English: `1,028.98 EUR`, `−10.00 EUR`, the code after a no-break space.
    static func plainEnglish(_ currency: String) -> MoneyStyle {
        MoneyStyle(prefix: "", suffix: "\u{A0}" + currency, negativePrefix: "\u{2212}", negativeSuffix: "\u{A0}" + currency, fractionDigits: 2)
    }

    init(prefix: String, suffix: String, negativePrefix: String, negativeSuffix: String, fractionDigits: Int) {
        self.prefix = prefix
        self.suffix = suffix
        self.negativePrefix = negativePrefix
        self.negativeSuffix = negativeSuffix
        self.fractionDigits = fractionDigits
    }

    /// The style Foundation writes `currency` with in `locale`, given the locale's number style.
    package init(currency: String, locale: Locale, numbers: NumberStyle) {
        let formatter = NumberFormatter()
        formatter.locale = locale
        formatter.numberStyle = .currency
        formatter.currencyCode = currency
        let positive = formatter.string(from: NSDecimalNumber(string: "1234567.891")) ?? "1234567.89"
        let negative = formatter.string(from: NSDecimalNumber(string: "-1234567.891")) ?? "-1234567.89"
        let decimal = formatter.currencyDecimalSeparator ?? numbers.decimalSeparator
        func split(_ text: String) -> (String, String, Int) {
            let isDigit: (Character) -> Bool = { $0.isNumber }
            guard let first = text.firstIndex(where: isDigit), let last = text.lastIndex(where: isDigit) else { return ("", " " + currency, 2) }
            let core = text[first...last]
            let fraction = core.range(of: decimal, options: .backwards).map { core.distance(from: $0.upperBound, to: core.endIndex) } ?? 0
            return (String(text[..<first]), String(text[text.index(after: last)...]), fraction)
        }
        let (prefix, suffix, fraction) = split(positive)
        let (negativePrefix, negativeSuffix, _) = split(negative)
        let sign = { (text: String) in text.replacingOccurrences(of: "-", with: "\u{2212}") }
        self.init(prefix: prefix, suffix: suffix, negativePrefix: sign(negativePrefix), negativeSuffix: sign(negativeSuffix), fractionDigits: min(fraction, 4))
    }

    /// `amount` in this style with `numbers`; `maximumFraction` allows more decimals, trailing zeros trimmed, for unit prices.
    func format(_ amount: Decimal, numbers: NumberStyle, upTo maximumFraction: Int? = nil) -> String {
        let (text, negative) =
            maximumFraction.map { numbers.digits(amount, fraction: max($0, fractionDigits), trimmingTo: fractionDigits) }
            ?? numbers.digits(amount, fraction: fractionDigits)
        return negative ? negativePrefix + text + negativeSuffix : prefix + text + suffix
    }
}

import Foundation

/// How one locale writes numbers, read once from Foundation's locale data (ICU) and then applied with
/// integer arithmetic: a million entries are formatted without a formatter call each.
package struct NumberStyle: Sendable, Hashable {
    var decimalSeparator: String
    var groupingSeparator: String
    var groupingSize: Int
    /// 2 where a four-digit number stays ungrouped (`1234,5` in es and it), else 1.
    var minimumGroupingDigits: Int
    /// The locale's minus sign, or U+2212 where the locale's is the hyphen-minus, so negatives read alike everywhere.
    var minus: String
    /// The locale's digits 0…9 when they are not ASCII (Arabic-Indic in ar-EG).
    package var digits: [Character]?

    /// `1,234.56` with U+2212 for negatives: portalgen's English.
    static let plainEnglish = NumberStyle(
        decimalSeparator: ".", groupingSeparator: ",", groupingSize: 3, minimumGroupingDigits: 1, minus: "\u{2212}", digits: nil)

    package init(decimalSeparator: String, groupingSeparator: String, groupingSize: Int, minimumGroupingDigits: Int, minus: String, digits: [Character]?) {
        self.decimalSeparator = decimalSeparator
        self.groupingSeparator = groupingSeparator
        self.groupingSize = groupingSize
        self.minimumGroupingDigits = minimumGroupingDigits
        self.minus = minus
        self.digits = digits
    }

    /// The style of `locale`, from Foundation.
    package init(locale: Locale) {
        let formatter = NumberFormatter()
        formatter.locale = locale
        formatter.numberStyle = .decimal
        decimalSeparator = formatter.decimalSeparator ?? "."
        groupingSeparator = formatter.groupingSeparator ?? ","
        groupingSize = max(1, formatter.groupingSize)
        let four = formatter.string(from: 1234) ?? ""
        minimumGroupingDigits = four.contains(groupingSeparator) ? 1 : 2
        let sign = formatter.minusSign ?? "-"
        minus = sign.replacingOccurrences(of: "-", with: "\u{2212}")
        formatter.usesGroupingSeparator = false
        let written = (0...9).compactMap { formatter.string(from: NSNumber(value: $0)) }
        digits = written == (0...9).map(String.init) || written.count != 10 || written.contains(where: { $0.count != 1 }) ? nil : written.map { Character($0) }
    }

    /// `digits` in the locale's script.
    func localDigits(_ ascii: String) -> String {
        guard let digits else { return ascii }
        return String(ascii.map { $0.isASCII && $0.isNumber ? digits[Int($0.asciiValue! - 48)] : $0 })
    }

    /// The integer part with grouping: `1.234.567`.
    func grouped(_ magnitude: UInt64) -> String {
        let plain = String(magnitude)
        guard plain.count > groupingSize, plain.count >= groupingSize + minimumGroupingDigits else { return localDigits(plain) }
        var result = ""
        for (index, character) in plain.enumerated() {
            if index > 0, (plain.count - index) % groupingSize == 0 { result += groupingSeparator }
            result.append(character)
        }
        return localDigits(result)
    }

    /// `value` rounded half-to-even to `fraction` decimals, written with exactly that many (`trimming` drops
    /// trailing zeros down to `minimum`), without the sign; and whether it is negative (after rounding).
    func digits(_ value: Decimal, fraction: Int, trimmingTo minimum: Int? = nil) -> (text: String, negative: Bool) {
        var rounded = Decimal()
        var input = value
        NSDecimalRound(&rounded, &input, fraction, .bankers)
        var scale: Int64 = 1
        for _ in 0..<fraction { scale *= 10 }
        let scaled = (rounded * Decimal(scale) as NSDecimalNumber).int64Value
        let magnitude = scaled.magnitude
        var text = grouped(magnitude / UInt64(scale))
        if fraction > 0 {
            var decimals = String(magnitude % UInt64(scale))
            decimals = String(repeating: "0", count: fraction - decimals.count) + decimals
            if let minimum { while decimals.count > minimum, decimals.hasSuffix("0") { decimals.removeLast() } }
            if !decimals.isEmpty { text += decimalSeparator + localDigits(decimals) }
        }
        return (text, scaled < 0)
    }

    /// A plain number: `1.234,50`, `−3`.
    package func number(_ value: Decimal, fraction: Int) -> String {
        let (text, negative) = digits(value, fraction: fraction)
        return negative ? minus + text : text
    }

    /// A count: `12.345`.
    func integer(_ value: Int) -> String { (value < 0 ? minus : "") + grouped(value.magnitude.toUInt64) }
}

private extension UInt { var toUInt64: UInt64 { UInt64(self) } }

import Foundation

/// An amount of money in one currency. Always `Decimal`, rounded to cents when read from the database.
package struct Money: Hashable, Sendable {
    package var amount: Decimal
    package var currency: String

    package init(_ amount: Decimal, _ currency: String) {
        self.amount = amount
        self.currency = currency
    }

    /// `1,234.50 EUR`: two decimals, a thousands separator, the ISO code as suffix; negatives as `−12.00 EUR`
    /// (U+2212). A no-break space joins amount and code, so a line never ends between them. This is the
    /// English default; pages write money in the client's locale (``LocaleFormat/money(_:)``).
    var formatted: String { LocaleFormat.english.money(self) }

    /// The number alone, as in ``formatted``; without the thousands separator when `grouped` is false.
    package static func number(_ amount: Decimal, grouped: Bool = true) -> String {
        var rounded = Decimal()
        var value = amount
        NSDecimalRound(&rounded, &value, 2, .bankers)
        let cents = (rounded * 100 as NSDecimalNumber).int64Value
        let negative = cents < 0
        let absolute = cents.magnitude
        let units = String(absolute / 100)
        var digits = ""
        for (index, character) in units.enumerated() {
            if grouped, index > 0, (units.count - index) % 3 == 0 { digits.append(",") }
            digits.append(character)
        }
        let fraction = absolute % 100
        return "\(negative ? "-" : "")\(digits).\(fraction < 10 ? "0" : "")\(fraction)"
    }

    /// `amount` rounded to cents as ``number(_:)`` shows it (half to even, as TimeTracker's `%.2f` of the
    /// stored binary value mostly does).
    package static func rounded(_ amount: Decimal) -> Decimal {
        var rounded = Decimal()
        var value = amount
        NSDecimalRound(&rounded, &value, 2, .bankers)
        return rounded
    }

    /// `%.2f` without grouping, for CSV files.
    package static func plain(_ amount: Decimal) -> String {
        number(amount, grouped: false)
    }
}

/// Sums of money kept apart per currency: portalgen never adds amounts in different currencies.
package struct MoneyTotals: Sendable, Hashable {
    package private(set) var byCurrency: [String: Decimal] = [:]

    package init() {}

    package mutating func add(_ amount: Decimal, _ currency: String) {
        byCurrency[currency, default: 0] += amount
    }

    package var isEmpty: Bool { byCurrency.isEmpty }

    /// One `Money` per currency, ordered by currency code, so output is deterministic.
    package var amounts: [Money] { byCurrency.keys.sorted().map { Money(byCurrency[$0]!, $0) } }

    /// The totals, or a zero amount in `fallback` when there is nothing.
    func amountsOrZero(_ fallback: String) -> [Money] { isEmpty ? [Money(0, fallback)] : amounts }
}

import Foundation

/// Worked time in hundredths of an hour, rounded per entry exactly as TimeTracker does.
///
/// TimeTracker computes `round(duration_seconds / 3600, 2)` on a binary double (half-to-even on the exact
/// binary value) and sums the rounded values. Integer centi-hours reproduce that without drift.
package struct Hours: Hashable, Comparable, Sendable, AdditiveArithmetic {
    var centi: Int

    package init(centi: Int) { self.centi = centi }

    package static let zero = Hours(centi: 0)

    /// The rounded hours of one entry; a NULL or zero duration counts as 0 h.
    package init(seconds: Int?) {
        guard let seconds, seconds != 0 else {
            self.centi = 0
            return
        }
        let quotient = seconds / 36, remainder = seconds % 36
        if remainder * 2 == 36 || remainder * 2 == -36 {
            // An exact tie in decimal: the binary double decides, as printf does.
            let text = String(format: "%.2f", Double(seconds) / 3600)
            self.centi = Int((Double(text)! * 100).rounded())
        } else if remainder * 2 > 36 {
            self.centi = quotient + 1
        } else if remainder * 2 < -36 {
            self.centi = quotient - 1
        } else {
            self.centi = quotient
        }
    }

    package static func + (lhs: Hours, rhs: Hours) -> Hours { Hours(centi: lhs.centi + rhs.centi) }
    package static func - (lhs: Hours, rhs: Hours) -> Hours { Hours(centi: lhs.centi - rhs.centi) }
    package static func < (lhs: Hours, rhs: Hours) -> Bool { lhs.centi < rhs.centi }

    /// `1.50`
    var twoDecimals: String {
        let sign = centi < 0 ? "-" : ""
        let value = centi.magnitude
        return "\(sign)\(value / 100).\(value % 100 < 10 ? "0" : "")\(value % 100)"
    }

    /// `1.50h`
    package var short: String { twoDecimals + "h" }

    var asDouble: Double { Double(centi) / 100 }
}

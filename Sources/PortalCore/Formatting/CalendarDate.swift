/// A calendar day without a time zone, as TimeTracker stores `DATE` columns (`YYYY-MM-DD`).
///
/// Arithmetic uses the proleptic Gregorian calendar through day numbers, so adding days never touches
/// Foundation's `Calendar` (which is slow and time-zone aware).
package struct CalendarDate: Hashable, Comparable, Sendable, CustomStringConvertible {
    package let year: Int
    let month: Int
    package let day: Int

    package init(year: Int, month: Int, day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    /// Parses `YYYY-MM-DD`; returns nil for anything else, including impossible days such as `2026-02-30`.
    package init?(iso text: some StringProtocol) {
        var text = String(text)
        guard let date = text.withUTF8({ Self(isoBytes: $0[...]) }) else { return nil }
        self = date
    }

    /// Parses exactly `YYYY-MM-DD`.
    init?(isoBytes utf8: Slice<UnsafeBufferPointer<UInt8>>) {
        let start = utf8.startIndex
        guard utf8.count == 10, utf8[start + 4] == UInt8(ascii: "-"), utf8[start + 7] == UInt8(ascii: "-"),
            let y = Self.digits(utf8[start..<start + 4]), let m = Self.digits(utf8[start + 5..<start + 7]),
            let d = Self.digits(utf8[start + 8..<start + 10]), (1...12).contains(m), d >= 1, d <= Self.daysInMonth(year: y, month: m)
        else { return nil }
        self.init(year: y, month: m, day: d)
    }

    static func digits(_ bytes: some Collection<UInt8>) -> Int? {
        var value = 0
        for byte in bytes {
            guard byte >= 48, byte <= 57 else { return nil }
            value = value * 10 + Int(byte - 48)
        }
        return value
    }

    static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Days since 1970-01-01 (negative before). Howard Hinnant's `days_from_civil`.
    package var dayNumber: Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146097 + doe - 719468
    }

    /// The date `dayNumber` days after 1970-01-01. Howard Hinnant's `civil_from_days`.
    package init(dayNumber: Int) {
        let z = dayNumber + 719468
        let era = (z >= 0 ? z : z - 146096) / 146097
        let doe = z - era * 146097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        self.init(year: yoe + era * 400 + (m <= 2 ? 1 : 0), month: m, day: d)
    }

    package func adding(days: Int) -> CalendarDate { CalendarDate(dayNumber: dayNumber + days) }

    /// Whole days from `self` to `other` (positive when `other` is later).
    package func days(until other: CalendarDate) -> Int { other.dayNumber - dayNumber }

    /// `YYYY-MM-DD`.
    package var iso: String { Self.pad(year, 4) + "-" + Self.pad(month, 2) + "-" + Self.pad(day, 2) }
    package var description: String { iso }

    /// `value` in decimal, with leading zeros up to `width` digits.
    package static func pad(_ value: Int, _ width: Int) -> String {
        guard value >= 0 else {
            let text = String(value)
            return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
        }
        var digits = 1, rest = value / 10
        while rest > 0 {
            digits += 1
            rest /= 10
        }
        let count = max(digits, width)
        return String(unsafeUninitializedCapacity: count) { bytes in
            var rest = value
            for index in stride(from: count - 1, through: 0, by: -1) {
                bytes[index] = UInt8(ascii: "0") + UInt8(rest % 10)
                rest /= 10
            }
            return count
        }
    }

    package static func < (lhs: CalendarDate, rhs: CalendarDate) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }
}

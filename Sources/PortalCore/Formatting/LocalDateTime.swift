import Foundation

/// A naive wall-clock timestamp as TimeTracker stores `DATETIME` columns: `YYYY-MM-DD HH:MM:SS[.ffffff]`.
///
/// Whether the wall clock is app-local or UTC depends on the column (see `PORTAL_SPEC.md` 0.2); the type
/// itself carries no zone. Use ``converted(fromUTCTo:)`` for UTC columns before showing them.
package struct LocalDateTime: Hashable, Comparable, Sendable, CustomStringConvertible {
    package let date: CalendarDate
    /// Seconds since midnight, 0..<86400.
    package let secondOfDay: Int
    package let microsecond: Int

    package init(date: CalendarDate, secondOfDay: Int, microsecond: Int = 0) {
        self.date = date
        self.secondOfDay = secondOfDay
        self.microsecond = microsecond
    }

    /// Parses `YYYY-MM-DD HH:MM:SS`, with optional `.f…` fraction and `T` as separator; nil otherwise.
    package init?(text: some StringProtocol) {
        var text = String(text)  // no copy for a String (a million rows are parsed in a large build)
        guard let value = text.withUTF8(Self.parse) else { return nil }
        self = value
    }

    private static func parse(_ utf8: UnsafeBufferPointer<UInt8>) -> LocalDateTime? {
        guard utf8.count >= 19, utf8[10] == UInt8(ascii: " ") || utf8[10] == UInt8(ascii: "T"),
            utf8[13] == UInt8(ascii: ":"), utf8[16] == UInt8(ascii: ":"),
            let date = CalendarDate(isoBytes: utf8[0..<10]),
            let h = CalendarDate.digits(utf8[11..<13]), let m = CalendarDate.digits(utf8[14..<16]),
            let s = CalendarDate.digits(utf8[17..<19]), h < 24, m < 60, s < 60
        else { return nil }
        var micro = 0
        if utf8.count > 19 {
            guard utf8[19] == UInt8(ascii: "."), utf8.count <= 26, utf8.count > 20,
                let fraction = CalendarDate.digits(utf8[20...])
            else { return nil }
            micro = fraction
            for _ in 0..<(26 - utf8.count) { micro *= 10 }
        }
        return LocalDateTime(date: date, secondOfDay: h * 3600 + m * 60 + s, microsecond: micro)
    }

    package var hour: Int { secondOfDay / 3600 }
    package var minute: Int { secondOfDay / 60 % 60 }
    package var second: Int { secondOfDay % 60 }

    /// Seconds since 1970-01-01 00:00 on the same wall clock.
    package var wallSeconds: Int { date.dayNumber * 86400 + secondOfDay }

    package init(wallSeconds: Int) {
        let days = wallSeconds >= 0 ? wallSeconds / 86400 : (wallSeconds - 86399) / 86400
        self.init(date: CalendarDate(dayNumber: days), secondOfDay: wallSeconds - days * 86400)
    }

    /// This UTC wall-clock time as seen on the wall clock of `zone`.
    func converted(fromUTCTo zone: TimeZone) -> LocalDateTime {
        let instant = Date(timeIntervalSince1970: TimeInterval(wallSeconds))
        let shifted = LocalDateTime(wallSeconds: wallSeconds + zone.secondsFromGMT(for: instant))
        return LocalDateTime(date: shifted.date, secondOfDay: shifted.secondOfDay, microsecond: microsecond)
    }

    /// The wall-clock time of `instant` in `zone`.
    package init(_ instant: Date, in zone: TimeZone) {
        let seconds = Int(instant.timeIntervalSince1970.rounded(.down))
        self.init(wallSeconds: seconds + zone.secondsFromGMT(for: instant))
    }

    /// `YYYY-MM-DD HH:MM:SS`.
    package var description: String {
        "\(date.iso) \(CalendarDate.pad(hour, 2)):\(CalendarDate.pad(minute, 2)):\(CalendarDate.pad(second, 2))"
    }

    package static func < (lhs: LocalDateTime, rhs: LocalDateTime) -> Bool {
        (lhs.date, lhs.secondOfDay, lhs.microsecond) < (rhs.date, rhs.secondOfDay, rhs.microsecond)
    }
}

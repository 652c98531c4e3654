/// How dates and times are printed, from TimeTracker's `settings.date_format` and `settings.time_format`.
///
/// Unknown keys fall back as TimeTracker does: `YYYY-MM-DD` and `24h`.
public struct DisplayFormat: Sendable, Hashable {
    public enum DateStyle: String, Sendable { case iso = "YYYY-MM-DD", us = "MM/DD/YYYY", eu = "DD/MM/YYYY", dotted = "DD.MM.YYYY" }
    public enum TimeStyle: String, Sendable { case twentyFour = "24h", twelve = "12h" }

    public var dateStyle: DateStyle
    public var timeStyle: TimeStyle

    public init(dateFormat: String, timeFormat: String) {
        dateStyle = DateStyle(rawValue: dateFormat) ?? .iso
        timeStyle = TimeStyle(rawValue: timeFormat) ?? .twentyFour
    }

    public func date(_ date: CalendarDate) -> String {
        let y = CalendarDate.pad(date.year, 4), m = CalendarDate.pad(date.month, 2), d = CalendarDate.pad(date.day, 2)
        switch dateStyle {
        case .iso: return "\(y)-\(m)-\(d)"
        case .us: return "\(m)/\(d)/\(y)"
        case .eu: return "\(d)/\(m)/\(y)"
        case .dotted: return "\(d).\(m).\(y)"
        }
    }

    public func time(_ time: LocalDateTime) -> String {
        let minute = CalendarDate.pad(time.minute, 2)
        switch timeStyle {
        case .twentyFour: return "\(CalendarDate.pad(time.hour, 2)):\(minute)"
        case .twelve:
            let hour12 = time.hour % 12 == 0 ? 12 : time.hour % 12
            return "\(CalendarDate.pad(hour12, 2)):\(minute) \(time.hour < 12 ? "AM" : "PM")"
        }
    }

    public func dateTime(_ time: LocalDateTime) -> String { "\(date(time.date)) \(self.time(time))" }
}

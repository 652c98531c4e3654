import Foundation
import Synchronization

/// How one client's pages write dates, times, numbers and money: its locale's conventions from
/// Foundation, read once, with TimeTracker's `settings.date_format` and `time_format` winning where the
/// admin changed them from TimeTracker's defaults.
///
/// The English fallback (no locale chosen anywhere) keeps portalgen's original output: the settings'
/// date format, 24-hour times, `1,028.98 EUR`.
package final class LocaleFormat: Sendable {
    package let locale: PortalLocale
    package let numbers: NumberStyle
    private let datePattern: [DateToken]
    private let timePattern: [DateToken]
    private let amSymbol: String
    private let pmSymbol: String
    /// Standalone month names, January first.
    let monthNames: [String]
    private let moneyStyles = Mutex<[String: MoneyStyle]>([:])
    /// Every minute of the day written once (a million entries have two times each).
    private let times: [String]
    /// Dates written so far, by day (entries share a few hundred days).
    private let dates = Mutex<[Int: String]>([:])
    /// Worked hours from 0 to 24 h written once, by hundredths.
    private let dayHours: [String]
    /// The locale's short unit for hours around a number (`1,50h`, `1,50 t`, `1,50 u`, `1.50 שע׳`).
    let hourUnit: (before: String, after: String)

    package init(settings: DisplayFormat, locale: PortalLocale) {
        self.locale = locale
        let foundation = locale.foundation
        numbers = locale.isPlainEnglish ? .plainEnglish : NumberStyle(locale: foundation)
        let formatter = DateFormatter()
        formatter.locale = locale.isPlainEnglish ? Locale(identifier: "en_US_POSIX") : foundation
        if settings.dateStyle != .iso || locale.isPlainEnglish {
            datePattern = DateToken.parse(settings.icuDatePattern)
        } else {
            datePattern = DateToken.parse(DateFormatter.dateFormat(fromTemplate: "ddMMyyyy", options: 0, locale: foundation) ?? "yyyy-MM-dd")
        }
        if settings.timeStyle == .twelve {
            timePattern = DateToken.parse("hh:mm a")
        } else if locale.isPlainEnglish {
            timePattern = DateToken.parse("HH:mm")
        } else {
            timePattern = DateToken.parse(DateFormatter.dateFormat(fromTemplate: "jmm", options: 0, locale: foundation) ?? "HH:mm")
        }
        amSymbol = locale.isPlainEnglish ? "AM" : formatter.amSymbol
        pmSymbol = locale.isPlainEnglish ? "PM" : formatter.pmSymbol
        monthNames = formatter.standaloneMonthSymbols.map { name in
            // Month names start a heading or a label: capitalised as a sentence (`novembre` → `Novembre`).
            name.prefix(1).uppercased(with: formatter.locale) + name.dropFirst()
        }
        let day = CalendarDate(year: 2000, month: 1, day: 1)
        let (timePattern, numbers, am, pm, months) = (timePattern, numbers, amSymbol, pmSymbol, monthNames)
        times = (0..<1440).map { Self.write(timePattern, date: day, hour: $0 / 60, minute: $0 % 60, numbers: numbers, am: am, pm: pm, months: months) }
        dayHours = (0...2400).map { Self.hoursNumber(centi: $0, numbers: numbers) }
        hourUnit = locale.isPlainEnglish ? ("", "h") : Self.hourUnit(foundation)
    }

    /// What the locale writes before and after a number of hours, from CLDR's narrow duration unit as
    /// Foundation formats it (`7h` in English and German, `7 t` in Finnish and Norwegian, `7 u` in Dutch).
    static func hourUnit(_ locale: Locale) -> (before: String, after: String) {
        let text = Duration.seconds(7 * 3600).formatted(.units(allowed: [.hours], width: .narrow).locale(locale))
        let scalars = Array(text.unicodeScalars)
        guard let first = scalars.firstIndex(where: { $0.properties.numericType != nil }),
            let last = scalars.lastIndex(where: { $0.properties.numericType != nil })
        else { return ("", "h") }
        // A number and its unit never part at a line's end.
        func joined(_ part: ArraySlice<Unicode.Scalar>) -> String { String(String.UnicodeScalarView(part.map { $0 == " " ? "\u{00A0}" : $0 })) }
        let before = joined(scalars[..<first]), after = joined(scalars[(last + 1)...])
        return before.isEmpty && after.isEmpty ? ("", "h") : (before, after)
    }

    private static let cache = Mutex<[String: LocaleFormat]>([:])

    /// One format per settings and locale, shared by every client that reads them (reading Foundation's
    /// locale data costs milliseconds; a thousand clients share a handful of formats).
    package static func shared(settings: DisplayFormat, locale: PortalLocale) -> LocaleFormat {
        let key = "\(settings.dateStyle.rawValue)|\(settings.timeStyle.rawValue)|\(locale.identifier)|\(locale.isPlainEnglish)"
        if let format = cache.withLock({ $0[key] }) { return format }
        let format = LocaleFormat(settings: settings, locale: locale)
        cache.withLock { $0[key] = format }
        return format
    }

    /// portalgen's English with TimeTracker's default date and time formats.
    static let english = LocaleFormat(settings: DisplayFormat(dateFormat: "YYYY-MM-DD", timeFormat: "24h"))

    /// The English format of TimeTracker's settings.
    package convenience init(settings: DisplayFormat) { self.init(settings: settings, locale: .english) }

    package func date(_ date: CalendarDate) -> String {
        let key = date.year * 10_000 + date.month * 100 + date.day
        if let written = dates.withLock({ $0[key] }) { return written }
        let written = Self.write(datePattern, date: date, hour: 0, minute: 0, numbers: numbers, am: amSymbol, pm: pmSymbol, months: monthNames)
        dates.withLock { $0[key] = written }
        return written
    }

    package func time(_ time: LocalDateTime) -> String {
        let minute = time.hour * 60 + time.minute
        return minute >= 0 && minute < times.count ? times[minute] : "\(time.hour):\(time.minute)"
    }

    package func dateTime(_ time: LocalDateTime) -> String { date(time.date) + " " + self.time(time) }

    /// `November 2026` in the locale's words.
    func month(_ month: Int, year: Int) -> String { monthNames[month - 1] + " " + numbers.localDigits(String(year)) }

    /// An amount in its currency, as the locale writes money.
    func money(_ money: Money) -> String { moneyStyle(money.currency).format(money.amount, numbers: numbers) }

    /// A unit price with the decimals it has, up to four (`1.049,7347 €`), so quantity × price adds up.
    func unitPrice(_ money: Money) -> String { moneyStyle(money.currency).format(money.amount, numbers: numbers, upTo: 4) }

    /// The number alone, with the currency's decimals.
    package func amount(_ amount: Decimal, currency: String) -> String { numbers.number(amount, fraction: moneyStyle(currency).fractionDigits) }

    /// A quantity with the decimals it has, up to four, trailing zeros dropped (`4,0019`, `2`).
    package func quantity(_ value: Decimal) -> String {
        let (text, negative) = numbers.digits(value, fraction: 4, trimmingTo: 0)
        return negative ? numbers.minus + text : text
    }

    /// A number with `fraction` decimals (`22,00`).
    package func number(_ value: Decimal, fraction: Int = 2) -> String { numbers.number(value, fraction: fraction) }

    package func count(_ value: Int) -> String { numbers.integer(value) }

    /// Worked hours with the locale's unit: `1,50h`, `1,50 t`.
    package func hours(_ hours: Hours) -> String { hourUnit.before + hoursNumber(hours) + hourUnit.after }

    /// Worked hours without the unit: `1,50`.
    func hoursNumber(_ hours: Hours) -> String {
        hours.centi >= 0 && hours.centi < dayHours.count ? dayHours[hours.centi] : Self.hoursNumber(centi: hours.centi, numbers: numbers)
    }

    private static func hoursNumber(centi: Int, numbers: NumberStyle) -> String {
        let magnitude = centi.magnitude
        var fraction = String(magnitude % 100)
        if fraction.count < 2 { fraction = "0" + fraction }
        return (centi < 0 ? numbers.minus : "") + numbers.grouped(UInt64(magnitude / 100)) + numbers.decimalSeparator + numbers.localDigits(fraction)
    }

    /// Hours with one decimal and the locale's unit: `12,5h`, rounded as TimeTracker's `%.1f` of the
    /// two-decimal value rounds it (half to even on the binary double: 12.35 h reads 12.3h).
    func hoursOneDecimal(_ hours: Hours) -> String {
        let text = String(format: "%.1f", Double(hours.centi.magnitude) / 100)
        let parts = text.split(separator: ".")
        guard parts.count == 2, let units = UInt64(parts[0]) else { return text }
        return hourUnit.before + (hours.centi < 0 && text != "0.0" ? numbers.minus : "") + numbers.grouped(units) + numbers.decimalSeparator
            + numbers.localDigits(String(parts[1])) + hourUnit.after
    }

    func moneyStyle(_ currency: String) -> MoneyStyle {
        if let style = moneyStyles.withLock({ $0[currency] }) { return style }
        let style = locale.isPlainEnglish ? MoneyStyle.plainEnglish(currency) : MoneyStyle(currency: currency, locale: locale.foundation, numbers: numbers)
        moneyStyles.withLock { $0[currency] = style }
        return style
    }

    private static func write(
        _ pattern: [DateToken], date: CalendarDate, hour: Int, minute: Int, numbers: NumberStyle, am: String, pm: String, months: [String]
    ) -> String {
        var result = ""
        for token in pattern {
            switch token {
            case .literal(let text): result += text
            case .day(let width): result += numbers.localDigits(CalendarDate.pad(date.day, width))
            case .month(let width): result += width >= 3 ? months[date.month - 1] : numbers.localDigits(CalendarDate.pad(date.month, width))
            case .year(let width): result += numbers.localDigits(width == 2 ? CalendarDate.pad(date.year % 100, 2) : CalendarDate.pad(date.year, 4))
            case .hour24(let width): result += numbers.localDigits(CalendarDate.pad(hour, width))
            case .hour12(let width): result += numbers.localDigits(CalendarDate.pad(hour % 12 == 0 ? 12 : hour % 12, width))
            case .minute: result += numbers.localDigits(CalendarDate.pad(minute, 2))
            case .dayPeriod: result += hour < 12 ? am : pm
            }
        }
        return result
    }
}

/// A piece of an ICU date pattern (`dd.MM.yyyy`, `h:mm a`).
enum DateToken: Equatable, Sendable {
    case literal(String), day(Int), month(Int), year(Int), hour24(Int), hour12(Int), minute, dayPeriod

    static func parse(_ pattern: String) -> [DateToken] {
        var tokens: [DateToken] = []
        var characters = Array(pattern)[...]
        while let first = characters.first {
            if first == "'" {
                characters.removeFirst()
                let literal = characters.prefix { $0 != "'" }
                tokens.append(.literal(literal.isEmpty ? "'" : String(literal)))
                characters = characters.dropFirst(literal.count + 1)
                continue
            }
            let run = characters.prefix { $0 == first }
            characters = characters.dropFirst(run.count)
            switch first {
            case "d": tokens.append(.day(run.count))
            case "M", "L": tokens.append(.month(run.count))
            case "y", "u": tokens.append(.year(run.count))
            case "H", "k": tokens.append(.hour24(run.count))
            case "h", "K": tokens.append(.hour12(run.count))
            case "m": tokens.append(.minute)
            case "a", "b", "B": tokens.append(.dayPeriod)
            default:
                if case .literal(let text)? = tokens.last {
                    tokens[tokens.count - 1] = .literal(text + String(run))
                } else {
                    tokens.append(.literal(String(run)))
                }
            }
        }
        return tokens
    }
}

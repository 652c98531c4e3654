/// TimeTracker's `settings.date_format` and `settings.time_format`: the admin's choice, which
/// ``LocaleFormat`` applies where it differs from TimeTracker's defaults (`YYYY-MM-DD`, `24h`).
///
/// Unknown keys fall back as TimeTracker does: `YYYY-MM-DD` and `24h`.
package struct DisplayFormat: Sendable, Hashable {
    package enum DateStyle: String, Sendable { case iso = "YYYY-MM-DD", us = "MM/DD/YYYY", eu = "DD/MM/YYYY", dotted = "DD.MM.YYYY" }
    package enum TimeStyle: String, Sendable { case twentyFour = "24h", twelve = "12h" }

    var dateStyle: DateStyle
    var timeStyle: TimeStyle

    package init(dateFormat: String, timeFormat: String) {
        dateStyle = DateStyle(rawValue: dateFormat) ?? .iso
        timeStyle = TimeStyle(rawValue: timeFormat) ?? .twentyFour
    }

    /// The ICU pattern of ``dateStyle``.
    var icuDatePattern: String {
        switch dateStyle {
        case .iso: "yyyy-MM-dd"
        case .us: "MM/dd/yyyy"
        case .eu: "dd/MM/yyyy"
        case .dotted: "dd.MM.yyyy"
        }
    }
}

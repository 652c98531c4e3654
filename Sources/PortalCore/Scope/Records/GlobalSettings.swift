import Foundation

/// TimeTracker's single `settings` row: time zone, formats, currency and the seller's details.
package struct GlobalSettings: Sendable, Hashable {
    package var timeZone: TimeZone
    package var timeZoneName: String
    package var format: DisplayFormat
    package var currency: String
    package var companyName: String?
    var companyAddress: String?
    var companyEmail: String?
    var companyPhone: String?
    var companyWebsite: String?
    var companyTaxID: String?
    /// Free text as the admin typed it, e.g. `IBAN IT60 X054 2811 1010 0000 0123 456 · BIC BPMOIT22`.
    var companyBankInfo: String?
    /// An active payment gateway exists, so a "Pay" link may be shown (with `timetrackerURL`).
    var hasPaymentGateway: Bool
    /// `export_delimiter`: the field separator TimeTracker's CSV exports use (`,` by default).
    var exportDelimiter: Character = ","

    static let columns = [
        "timezone", "date_format", "time_format", "currency", "company_name", "company_address", "company_email",
        "company_phone", "company_website", "company_tax_id", "company_bank_info", "export_delimiter",
    ]

    /// TimeTracker's fallbacks: the `TZ` environment variable, then Europe/Rome; an invalid name means UTC.
    static func zone(named name: String?) -> (TimeZone, String) {
        let chosen = name ?? ProcessInfo.processInfo.environment["TZ"] ?? "Europe/Rome"
        if let zone = TimeZone(identifier: chosen) { return (zone, chosen) }
        return (TimeZone(identifier: "UTC")!, "UTC")
    }

    init(_ r: inout RowReader?, hasPaymentGateway: Bool) {
        let tzName = r?.nonEmptyText("timezone")
        (timeZone, timeZoneName) = Self.zone(named: tzName)
        let dateFormat = r?.nonEmptyText("date_format") ?? "YYYY-MM-DD"
        let timeFormat = r?.nonEmptyText("time_format") ?? "24h"
        format = DisplayFormat(dateFormat: dateFormat, timeFormat: timeFormat)
        currency = r?.nonEmptyText("currency")?.uppercased() ?? "EUR"
        companyName = r?.nonEmptyText("company_name")
        companyAddress = r?.nonEmptyText("company_address")
        companyEmail = r?.nonEmptyText("company_email")
        companyPhone = r?.nonEmptyText("company_phone")
        companyWebsite = r?.nonEmptyText("company_website")
        companyTaxID = r?.nonEmptyText("company_tax_id")
        companyBankInfo = r?.nonEmptyText("company_bank_info")
        self.hasPaymentGateway = hasPaymentGateway
        // A TAB is whitespace, so this column is read as it is (`\t` and `tab` written out count as a TAB too).
        var delimiter = r?.optionalText("export_delimiter")
        if delimiter == "\\t" || delimiter?.lowercased() == "tab" { delimiter = "\t" }
        if let delimiter, delimiter.count == 1, let character = delimiter.first, [",", ";", "\t", "|"].contains(character) {
            exportDelimiter = character
        }
    }
}

import Foundation

/// An active recurring invoice of the client (TimeTracker's `RecurringInvoice`): an invoice TimeTracker will
/// issue on `nextRunDate` and then every `interval` `frequency` periods, until `endDate`.
package struct RecurringInvoiceRecord: Sendable, Hashable {
    package var id: Int64
    var name: String
    var projectID: Int64
    /// `daily`, `weekly`, `monthly` or `yearly`.
    var frequency: String
    var interval: Int
    var nextRunDate: CalendarDate
    var endDate: CalendarDate?
    /// Percent, as on invoices.
    var taxRate: Decimal
    var currency: String?
    /// Whether the invoice bills the project's work not yet invoiced (TimeTracker's `auto_include_time_entries`).
    var billsUnbilledTime: Bool

    static let columns = [
        "id", "name", "project_id", "frequency", "interval", "next_run_date", "end_date", "tax_rate", "currency_code", "auto_include_time_entries",
    ]

    init(_ r: inout RowReader) throws {
        id = try r.int("id")
        name = try r.text("name")
        projectID = try r.int("project_id")
        frequency = try r.text("frequency")
        interval = Int(try r.optionalInt("interval", within: 1...10_000) ?? 1)
        nextRunDate = try r.date("next_run_date")
        endDate = try r.optionalDate("end_date")
        taxRate = try r.optionalMoney("tax_rate") ?? 0
        currency = r.nonEmptyText("currency_code")?.uppercased()
        billsUnbilledTime = r.bool("auto_include_time_entries")
    }

    /// Whether TimeTracker issues it on `nextRunDate` (its `should_generate_today` once that day comes): an end
    /// date before then means it never will.
    var isUpcoming: Bool { endDate.map { nextRunDate <= $0 } ?? true }
}

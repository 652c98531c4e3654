import Foundation

/// The client's work TimeTracker has not invoiced yet, by the rules of its `InvoiceService`: billable, completed
/// time entries of the client's projects (any status) and those booked straight to the client that no line of
/// the client's invoices names in `time_entry_ids` (cancelled invoices included, as there). Entries only draft
/// invoices name are kept apart: on an invoice being prepared, never counted twice. An entry of another client's
/// project is that client's, whatever its own `client_id` says (``OwnerPath/timeEntry``).
package struct UnbilledWork: Sendable {
    /// Named by no invoice line, oldest first.
    package var entries: [TimeEntryRecord]
    /// Named by draft invoices' lines only, oldest first.
    package var onDrafts: [TimeEntryRecord]
    /// Project id → hourly rate as TimeTracker's `RateOverride.resolve_rate(project)` gives it: the project-wide
    /// override (no user) starting latest, else the project's rate, else the client's default rate, else zero.
    package var rates: [Int64: Decimal]

    /// The ids a `time_entry_ids` value names: its comma-separated parts that are digits once trimmed (as
    /// TimeTracker's `part.strip().isdigit()`, ASCII digits only); anything else names nothing.
    static func ids(_ text: String) -> [Int64] {
        text.split(separator: ",").compactMap { part in
            let digits = part.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !digits.isEmpty, digits.unicodeScalars.allSatisfy({ ("0"..."9").contains($0) }) else { return nil }
            return Int64(digits)
        }
    }

    /// The rate of each of `projects` by TimeTracker's precedence, from the project-wide `overrides` (project id →
    /// rate, the latest start first) and the client's `defaultRate`.
    static func rates(_ projects: [ProjectRecord], overrides: [Int64: Decimal], defaultRate: Decimal?) -> [Int64: Decimal] {
        var rates: [Int64: Decimal] = [:]
        for project in projects {
            if let rate = overrides[project.id] {
                rates[project.id] = rate
            } else if let rate = project.hourlyRate, rate != 0 {
                rates[project.id] = rate
            } else {
                rates[project.id] = defaultRate ?? 0
            }
        }
        return rates
    }
}

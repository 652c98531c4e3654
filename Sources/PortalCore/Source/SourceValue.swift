import Foundation

/// One value read from TimeTracker's database, whichever backend read it. Page code never sees GRDB's or
/// PostgresNIO's types; ``RowReader`` turns these into records.
package enum SourceValue: Sendable, Hashable {
    case null
    case int(Int64)
    case double(Double)
    /// PostgreSQL `numeric`, exact.
    case decimal(Decimal)
    case bool(Bool)
    /// Text; date-times arrive as text like `2026-11-20 16:45:12.000000` from both backends.
    case text(String)
    case blob([UInt8])
}

/// One result row: its values by column position.
package protocol SourceRow {
    subscript(_ index: Int) -> SourceValue { get }
}

extension [SourceValue]: SourceRow {}

extension SourceValue {
    /// The value as a whole number, if it is one: integers, booleans, integral doubles and decimals, and
    /// text holding digits (TimeTracker's SQLite stores numbers as text at times).
    var wholeNumber: Int64? {
        switch self {
        case .int(let value): value
        case .bool(let value): value ? 1 : 0
        case .double(let value) where value.rounded() == value && abs(value) < 9e15: Int64(value)
        case .decimal(let value) where value == value.rounded(0) && abs(value) < 9e15: Int64(value.description)
        case .text(let text): Int64(text.trimmingCharacters(in: .whitespaces))
        default: nil
        }
    }
}

extension SourceRow {
    /// The value at `index` as a whole number, if it is one.
    package func int(_ index: Int) -> Int64? { self[index].wholeNumber }

    /// The value at `index` as text (numbers printed), nil for NULL.
    package func text(_ index: Int) -> String? {
        switch self[index] {
        case .null: nil
        case .int(let value): String(value)
        case .double(let value): String(value)
        case .decimal(let value): value.description
        case .bool(let value): value ? "1" : "0"
        case .text(let text): text
        case .blob(let bytes): String(decoding: bytes, as: UTF8.self)
        }
    }
}

extension Decimal {
    /// Rounded to `scale` decimal places, halves away from zero.
    func rounded(_ scale: Int) -> Decimal {
        var value = self
        var result = Decimal()
        NSDecimalRound(&result, &value, scale, .plain)
        return result
    }
}

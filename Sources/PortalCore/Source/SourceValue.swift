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

/// One result row: its values by column position, and the names of the result's columns.
package protocol SourceRow {
    subscript(_ index: Int) -> SourceValue { get }
    /// The result's column names in order, as the select list names them (`AS` or the column's own name);
    /// ``RowReader`` reads a record's fields by these names.
    var columnNames: [String] { get }
}

/// A row held in memory: values and the names of their columns.
package struct ValueRow: SourceRow, Sendable, Hashable {
    package var columnNames: [String]
    package var values: [SourceValue]

    package init(columnNames: [String], values: [SourceValue]) {
        self.columnNames = columnNames
        self.values = values
    }

    package subscript(_ index: Int) -> SourceValue { values[index] }
}

extension SourceValue {
    /// The value as text (numbers printed, blobs decoded as UTF-8 with replacement characters), nil for NULL.
    package var text: String? {
        switch self {
        case .null: nil
        case .int(let value): String(value)
        case .double(let value): String(value)
        case .decimal(let value): value.description
        case .bool(let value): value ? "1" : "0"
        case .text(let text): text
        case .blob(let bytes): String(decoding: bytes, as: UTF8.self)
        }
    }

    /// The value as a whole number, if it is one: integers, booleans, integral doubles and decimals, and
    /// text holding digits (TimeTracker's SQLite stores numbers as text at times).
    package var wholeNumber: Int64? {
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
    package func text(_ index: Int) -> String? { self[index].text }
}

extension Decimal {
    /// Rounded to `scale` decimal places, halves away from zero unless `mode` says otherwise.
    func rounded(_ scale: Int, _ mode: NSDecimalNumber.RoundingMode = .plain) -> Decimal {
        var value = self
        var result = Decimal()
        NSDecimalRound(&result, &value, scale, mode)
        return result
    }
}

import Foundation

/// Reads one database row by column name, leniently, as TimeTracker's storage formats require.
///
/// Each field is read by the name the query's select list gives it (``SourceRow/columnNames``), so a record
/// and its query cannot silently disagree on order. Records read their fields in select-list order, so the
/// name is found at the next position and searched for only when a query lists it elsewhere.
///
/// A value that cannot be read throws a ``RowProblem`` naming the table, the row id and the column, so the
/// caller can skip that row and report it instead of crashing.
struct RowReader {
    let row: any SourceRow
    let table: String
    private let names: [String]
    /// Where the next field is expected.
    private var position = 0

    init(_ row: any SourceRow, table: String) {
        self.row = row
        self.table = table
        names = row.columnNames
    }

    private var rowID: Int64? {
        if let index = names.firstIndex(of: "id"), case .int(let id) = row[index] { return id }
        return nil
    }

    private func problem(_ column: String, _ message: String) -> RowProblem {
        RowProblem(table: table, rowID: rowID, column: column, message: message)
    }

    /// The value of `column`. A column the query does not select is a bug of portalgen's (every test that reads
    /// the table stops on it); a release build reads it as NULL.
    private mutating func next(_ column: String) -> SourceValue {
        if position < names.count, names[position] == column {
            position += 1
            return row[position - 1]
        }
        guard let index = names.firstIndex(of: column) else {
            assertionFailure("\(table).\(column) is read but not selected (selected: \(names))")
            return .null
        }
        position = index + 1
        return row[index]
    }

    mutating func int(_ column: String) throws -> Int64 {
        guard let value = try optionalInt(column) else { throw problem(column, "is NULL but must be a number") }
        return value
    }

    mutating func optionalInt(_ column: String) throws -> Int64? {
        let value = next(column)
        if value == .null { return nil }
        if let number = value.wholeNumber { return number }
        if case .text(let text) = value {
            throw problem(column, "holds \(String(text.prefix(40)).debugDescription) where a whole number belongs")
        }
        throw problem(column, "holds a value that is not a whole number")
    }

    /// A whole number that must lie in `range`; outside it the row is a ``RowProblem`` (skipped and reported).
    mutating func optionalInt(_ column: String, within range: ClosedRange<Int64>) throws -> Int64? {
        guard let value = try optionalInt(column) else { return nil }
        guard range.contains(value) else {
            throw problem(column, "holds \(value), outside \(range.lowerBound)...\(range.upperBound)")
        }
        return value
    }

    mutating func bool(_ column: String) -> Bool {
        switch next(column) {
        case .bool(let value): return value
        case .int(let value): return value != 0
        case .double(let value): return value != 0
        case .decimal(let value): return value != 0
        case .text(let text): return !["", "0", "false", "f", "no"].contains(text.lowercased())
        default: return false
        }
    }

    mutating func text(_ column: String) throws -> String {
        guard let value = optionalText(column) else { throw problem(column, "is NULL but must hold text") }
        return value
    }

    /// Text; numbers are turned into text; blobs are decoded as UTF-8 with replacement characters.
    mutating func optionalText(_ column: String) -> String? {
        switch next(column) {
        case .null: return nil
        case .text(let text): return text
        case .int(let value): return String(value)
        case .double(let value): return String(value)
        case .decimal(let value): return value.description
        case .bool(let value): return value ? "1" : "0"
        case .blob(let data): return String(decoding: data, as: UTF8.self)
        }
    }

    /// Text with empty strings treated as absent (TimeTracker writes both `''` and NULL for "unset").
    mutating func nonEmptyText(_ column: String) -> String? {
        guard let text = optionalText(column), text.unicodeScalars.contains(where: { !$0.properties.isWhitespace }) else { return nil }
        return text
    }

    mutating func optionalDouble(_ column: String) throws -> Double? {
        try double(next(column), column)
    }

    private func double(_ value: SourceValue, _ column: String) throws -> Double? {
        switch value {
        case .null: return nil
        case .int(let value): return Double(value)
        case .bool(let value): return value ? 1 : 0
        case .decimal(let value): return NSDecimalNumber(decimal: value).doubleValue
        case .double(let value):
            guard value.isFinite else { throw problem(column, "holds a number that is not finite") }
            return value
        case .text(let text):
            let trimmed = text.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty { return nil }
            if let value = Double(trimmed), value.isFinite { return value }
            throw problem(column, "holds \(String(text.prefix(40)).debugDescription) where a number belongs")
        case .blob: throw problem(column, "holds binary data where a number belongs")
        }
    }

    /// A `NUMERIC(…,2)` amount: the stored double printed with `%.2f` (what TimeTracker shows), as `Decimal`.
    /// PostgreSQL's `numeric` arrives exact and is rounded to cents as TimeTracker shows it, never through `Double`.
    mutating func optionalMoney(_ column: String) throws -> Decimal? {
        let value = next(column)
        if case .decimal(let exact) = value {
            guard abs(exact) < 1e13 else { throw problem(column, "holds an amount too large to show (\(exact))") }
            return exact.rounded(2)
        }
        guard let value = try double(value, column) else { return nil }
        guard abs(value) < 1e13 else { throw problem(column, "holds an amount too large to show (\(value))") }
        // The usual case, a double that is the nearest one to a whole number of cents, prints as those cents.
        let cents = (value * 100).rounded()
        if cents / 100 == value { return Decimal(sign: cents < 0 ? .minus : .plus, exponent: -2, significand: Decimal(Int(cents.magnitude))) }
        return Decimal(string: String(format: "%.2f", value), locale: Locale(identifier: "en_US_POSIX"))
    }

    mutating func money(_ column: String) throws -> Decimal {
        guard let value = try optionalMoney(column) else { throw problem(column, "is NULL but must be an amount") }
        return value
    }

    mutating func optionalDateTime(_ column: String) throws -> LocalDateTime? {
        guard let text = optionalText(column) else { return nil }
        guard let value = LocalDateTime(text: text) else {
            throw problem(column, "holds \(String(text.prefix(40)).debugDescription), not a date-time like 2026-11-20 16:45:12.000000")
        }
        return value
    }

    mutating func dateTime(_ column: String) throws -> LocalDateTime {
        guard let value = try optionalDateTime(column) else { throw problem(column, "is NULL but must be a date-time") }
        return value
    }

    mutating func optionalDate(_ column: String) throws -> CalendarDate? {
        guard let text = optionalText(column) else { return nil }
        if let date = CalendarDate(iso: text) { return date }
        if let dateTime = LocalDateTime(text: text) { return dateTime.date }
        throw problem(column, "holds \(String(text.prefix(40)).debugDescription), not a date like 2026-11-20")
    }

    mutating func date(_ column: String) throws -> CalendarDate {
        guard let value = try optionalDate(column) else { throw problem(column, "is NULL but must be a date") }
        return value
    }

    /// A JSON column: TEXT holding JSON, the TEXT `null`, SQL NULL, or (NUMERIC affinity) a bare number.
    mutating func json(_ column: String) -> Any? {
        switch next(column) {
        case .text(let text):
            return try? JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed])
        case .int(let value): return value
        case .double(let value): return value
        case .decimal(let value): return NSDecimalNumber(decimal: value).doubleValue
        default: return nil
        }
    }
}

/// A database row that cannot be shown; the build skips it and reports it.
package struct RowProblem: Error, CustomStringConvertible, Sendable, Hashable {
    package var table: String
    var rowID: Int64?
    package var column: String
    package var message: String

    package var description: String {
        "\(table) row \(rowID.map(String.init) ?? "?"): column \(column) \(message); the row was skipped, fix it in TimeTracker"
    }
}

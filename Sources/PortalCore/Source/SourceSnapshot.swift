/// One read-only, consistent view of TimeTracker's database: everything read through it comes from the same
/// snapshot (SQLite: one read transaction; PostgreSQL: `BEGIN READ ONLY ISOLATION LEVEL REPEATABLE READ`).
///
/// Parameters are named `:name` in the SQL, on both backends.
package protocol SourceSnapshot {
    var schema: TimeTrackerSchema { get }
    var dialect: SQLDialect { get }
    /// Runs `sql` and calls `body` with each row, in order.
    func forEach(_ sql: String, _ arguments: [String: SourceValue], _ body: (any SourceRow) throws -> Void) throws
}

extension SourceSnapshot {
    /// Every row of `sql` (with `columns` columns), copied out.
    package func rows(_ sql: String, _ arguments: [String: SourceValue] = [:], columns: Int) throws -> [ValueRow] {
        var rows: [ValueRow] = []
        try forEach(sql, arguments) { row in rows.append(ValueRow(columnNames: row.columnNames, values: (0..<columns).map { row[$0] })) }
        return rows
    }

    /// `value` of the first row; nil when there is none.
    package func first<T>(_ sql: String, _ arguments: [String: SourceValue] = [:], _ value: (any SourceRow) -> T?) throws -> T? {
        var result: T?
        var first = true
        try forEach(sql, arguments) { row in
            if first { result = value(row) }
            first = false
        }
        return result
    }

    /// The first column of the first row as a whole number; nil when there is no row or it is NULL.
    package func int(_ sql: String, _ arguments: [String: SourceValue] = [:]) throws -> Int64? {
        try first(sql, arguments) { $0.int(0) }
    }

    /// The first column of every row as whole numbers (NULLs left out).
    package func ints(_ sql: String, _ arguments: [String: SourceValue] = [:]) throws -> [Int64] {
        var values: [Int64] = []
        try forEach(sql, arguments) { row in if let value = row.int(0) { values.append(value) } }
        return values
    }

    /// The first column of the first row as text.
    package func text(_ sql: String, _ arguments: [String: SourceValue] = [:]) throws -> String? {
        try first(sql, arguments) { $0.text(0) }
    }
}

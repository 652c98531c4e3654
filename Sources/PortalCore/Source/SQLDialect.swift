/// The SQL that differs between TimeTracker's SQLite and PostgreSQL databases. Queries are written once, with
/// these pieces where the two disagree; page code never sees either spelling.
package enum SQLDialect: Sendable {
    case sqlite
    case postgres

    /// Sum of `expression` over the group, 0 when empty (SQLite's `total()`).
    package func total(_ expression: String) -> String {
        switch self {
        case .sqlite: "total(\(expression))"
        case .postgres: "coalesce(sum(\(expression)), 0)"
        }
    }

    /// 1 where `condition` holds, else 0 (PostgreSQL cannot sum booleans).
    package func count(when condition: String) -> String {
        "CASE WHEN \(condition) THEN 1 ELSE 0 END"
    }

    /// `expression` as text, `''` when NULL.
    package func text(orEmpty expression: String) -> String {
        switch self {
        case .sqlite: "ifnull(\(expression), '')"
        case .postgres: "coalesce((\(expression))::text, '')"
        }
    }

    /// A literal of `expression`'s value that tells NULL and types apart (SQLite's `quote()`).
    package func quote(_ expression: String) -> String {
        switch self {
        case .sqlite: "quote(\(expression))"
        case .postgres: "quote_nullable(\(expression))"
        }
    }

    /// The texts of `expression` over the group joined by `separator`, in the order of `order`.
    func concatenation(_ expression: String, separator: String = "", order: String) -> String {
        switch self {
        case .sqlite: "group_concat(\(expression), '\(separator)')"
        case .postgres: "string_agg((\(expression))::text, '\(separator)' ORDER BY \(order))"
        }
    }

    /// The distinct non-NULL values of `expression` over the group, comma-separated, in no particular order
    /// (SQLite allows only its default separator with DISTINCT).
    func distinctList(_ expression: String) -> String {
        switch self {
        case .sqlite: "group_concat(DISTINCT \(expression))"
        case .postgres: "string_agg(DISTINCT (\(expression))::text, ',')"
        }
    }

    /// Whether a whole-table scan that also collects a ``distinctList(_:)`` is better split in two:
    /// PostgreSQL runs plain aggregates over a large table on parallel workers but no query with a DISTINCT
    /// aggregate (1.4 s instead of 0.2 s over the bench's million entries); SQLite is fastest reading once.
    var splitsDistinctScans: Bool { self == .postgres }

    /// An ORDER BY term for a text column that sorts by code point, as SQLite does (PostgreSQL's collation
    /// would sort by the database's locale and make the two backends' pages differ).
    func binaryOrder(_ column: String) -> String {
        switch self {
        case .sqlite: column
        case .postgres: "\(column) COLLATE \"C\""
        }
    }

    /// An inner join that SQLite must not reorder (its `CROSS JOIN`); PostgreSQL plans joins itself.
    var orderedJoin: String {
        switch self {
        case .sqlite: "CROSS JOIN"
        case .postgres: "JOIN"
        }
    }

    /// A date-time parameter `:name` given as text like `2026-11-20 16:45:12.000000`, where a column of
    /// TimeTracker's type is expected (SQLite stores the text; PostgreSQL needs a `timestamp`).
    package func dateTime(parameter name: String) -> String {
        switch self {
        case .sqlite: ":\(name)"
        case .postgres: "CAST(:\(name) AS timestamp)"
        }
    }
}

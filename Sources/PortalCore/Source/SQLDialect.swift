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

    /// A digest of the group's rows (`values`, each row with its `id`) that moves when any value changes and
    /// not with the order rows are read in; only the rows where `condition` holds, when given. SQLite's
    /// `portalgen_digest` (``RowDigest``, `''` for no rows); on PostgreSQL the sum of `hashtextextended` over the
    /// row's values as literals (0 for no rows), where joining them in the order of the ids took three times as
    /// long over the bench's 100,000 invoice lines.
    func rowDigest(_ values: [String], id: String, where condition: String? = nil) -> String {
        let filter = condition.map { " FILTER (WHERE \($0))" } ?? ""
        switch self {
        case .sqlite: return "ifnull(\(RowDigest.name)(\(([id] + values).joined(separator: ", ")))\(filter), '')"
        case .postgres:
            let row = ([id] + values).map { quote($0) }.joined(separator: " || ")
            return "coalesce(sum(hashtextextended(\(row), 0))\(filter), 0)"
        }
    }

    /// `count|sum(v1)|…|max(latest)` over the group's rows (where `condition` holds, when given), sums 0 and
    /// the latest `''` when there are none: SQLite's `portalgen_sums` (``RowSums``, one call a row),
    /// PostgreSQL's own aggregates.
    func sums(_ values: [String], latest: String?, where condition: String? = nil) -> String {
        let filter = condition.map { " FILTER (WHERE \($0))" } ?? ""
        switch self {
        case .sqlite: return "\(RowSums.name)(\(([condition ?? "1"] + values + [latest ?? "NULL"]).joined(separator: ", ")))"
        case .postgres:
            let sums = (["1"] + values).map { "coalesce(sum(\($0))\(filter), 0)" }
            return (sums + [latest.map { "coalesce((max(\($0))\(filter))::text, '')" } ?? "''"]).joined(separator: " || '|' || ")
        }
    }

    /// The non-NULL values of `expression` over the group's rows where `condition` holds, comma-separated, in
    /// no particular order and with repeats (callers keep a set): a DISTINCT aggregate looks up every row it
    /// is given, a third of a second over the bench's million entries, where FILTER passes only the few.
    func list(_ expression: String, where condition: String) -> String {
        switch self {
        case .sqlite: "group_concat(\(expression)) FILTER (WHERE \(condition))"
        case .postgres: "string_agg((\(expression))::text, ',') FILTER (WHERE \(condition))"
        }
    }

    /// Whether a whole-table scan that also collects a ``list(_:where:)`` is better split in two: PostgreSQL
    /// runs plain aggregates over a large table on parallel workers, but not `string_agg` before version 16
    /// (1.4 s instead of 0.2 s over the bench's million entries); SQLite is fastest reading once.
    var splitsListScans: Bool { self == .postgres }

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
    /// TimeTracker's type is expected (SQLite stores the text; PostgreSQL needs a `timestamp`). PostgreSQL casts
    /// it once, in a subquery: text to `timestamp` depends on `DateStyle`, so a bare cast is never folded into a
    /// constant and was made again for every row compared (0.37 instead of 0.16 s over a million entries).
    package func dateTime(parameter name: String) -> String {
        switch self {
        case .sqlite: ":\(name)"
        case .postgres: "(SELECT CAST(:\(name) AS timestamp))"
        }
    }
}

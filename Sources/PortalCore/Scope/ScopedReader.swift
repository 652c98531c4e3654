/// One client's reads in one snapshot: the scopes of ``OwnedTable`` for `:c`, row decoding that reports a bad row
/// (``RowProblem``) instead of failing the client, and one method per aggregate in the extensions beside this
/// file (`ScopedReader+Invoices` and the others), which ``ClientScope/read(_:)`` puts together.
final class ScopedReader {
    let db: any SourceSnapshot
    let clientID: Int64
    let schema: TimeTrackerSchema
    let dialect: SQLDialect
    /// The rows that could not be read, each once (an approval's time entry is also a listed entry).
    private(set) var problems: [RowProblem] = []
    private let scopes: [String: String]

    init(_ db: any SourceSnapshot, clientID: Int64) {
        self.db = db
        self.clientID = clientID
        schema = db.schema
        dialect = db.dialect
        scopes = OwnedTable.scopes(db.schema, db.dialect)
    }

    /// `FROM … WHERE …` of the rows of `table` the client sees, with `x` as the table; nil when the database
    /// has no such table.
    func scope(_ table: String) -> String? { scopes[table] }

    /// The select list of `names` from `table`, absent columns read as NULL.
    func columns(_ table: String, _ names: [String], alias: String? = "x") -> String { schema.select(table, names, alias: alias) }

    /// The rows of `sql` (with `:c` the client), each decoded by `decode`; a row it rejects is left out and
    /// reported.
    func fetch<T>(_ table: String, _ sql: String, _ decode: (inout RowReader) throws -> T) throws -> [T] {
        var result: [T] = []
        try db.forEach(sql, ["c": .int(clientID)]) { row in
            var reader = RowReader(row, table: table)
            do {
                result.append(try decode(&reader))
            } catch let problem as RowProblem {
                if !problems.contains(problem) { problems.append(problem) }
            }
        }
        return result
    }

    /// The rows of `table` the client sees, as `Record`s, in `order`: none when the database has no such table.
    func records<Record>(
        _ table: String, _ names: [String], order: String, extra: String = "", _ decode: (inout RowReader) throws -> Record
    ) throws -> [Record] {
        guard let scope = scope(table) else { return [] }
        return try fetch(table, "SELECT \(columns(table, names))\(extra) \(scope) ORDER BY \(order)", decode)
    }
}

import GRDB
import GRDBSQLite

extension Database {
    /// The step and final calls of an SQL aggregate written against SQLite's C API (``RowDigest``, ``RowSums``).
    typealias AggregateStep = @convention(c) (OpaquePointer?, Int32, UnsafeMutablePointer<OpaquePointer?>?) -> Void
    typealias AggregateFinal = @convention(c) (OpaquePointer?) -> Void

    /// Adds a deterministic aggregate taking any number of arguments to this connection only.
    func addAggregate(_ name: String, step: AggregateStep, final: AggregateFinal) throws {
        let code = sqlite3_create_function_v2(sqliteConnection, name, -1, SQLITE_UTF8 | SQLITE_DETERMINISTIC, nil, nil, step, final, nil)
        guard code == SQLITE_OK else { throw DatabaseError(resultCode: ResultCode(rawValue: code), message: "cannot register \(name)") }
    }
}

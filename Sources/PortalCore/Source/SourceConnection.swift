/// One read-only connection to TimeTracker's database: the seam between portalgen and its two backends
/// (``SQLiteConnection`` through GRDB, PostgreSQL through PostgresNIO in `PortalPostgres`). Everything above
/// it sees ``SourceSnapshot``s and ``SourceValue``s only.
package protocol SourceConnection: AnyObject, Sendable {
    var schema: TimeTrackerSchema { get }
    var dialect: SQLDialect { get }
    /// Runs `body` in one read-only transaction: one consistent snapshot.
    func read<T>(_ body: (any SourceSnapshot) throws -> T) throws -> T
    /// A value that changes whenever another connection commits (and, on PostgreSQL, sometimes when nothing
    /// a portal shows changed: a "maybe changed" signal that the change lookups then confirm or dismiss).
    func changeToken() throws -> String
    /// Which database this is: a different value means it was replaced (a restored file, a new cluster), and
    /// every client is rebuilt.
    func identity() throws -> String
    /// Closes the connection.
    func close()
}

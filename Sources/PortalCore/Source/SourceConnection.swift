/// One read-only connection to TimeTracker's database: the seam between portalgen and its two backends
/// (``SQLiteConnection`` through GRDB, PostgreSQL through PostgresNIO in `PortalPostgres`). Everything above
/// it sees ``SourceSnapshot``s and ``SourceValue``s only.
package protocol SourceConnection: AnyObject, Sendable {
    var schema: TimeTrackerSchema { get }
    var dialect: SQLDialect { get }
    /// Runs `body` in one read-only transaction: one consistent snapshot.
    func read<T>(_ body: (any SourceSnapshot) throws -> T) throws -> T
    /// Runs `body` in one read-only transaction, as ``read(_:)``, and tells it the rowids stored on the pages
    /// written since the look that returned `pages` (nil when the backend cannot tell: on PostgreSQL, at a
    /// first look, after a page it cannot read rows from). Returns the pages' mark for the next look.
    func read<T>(changedSince pages: PageMark?, _ body: (any SourceSnapshot, _ rowids: Set<Int64>?) throws -> T) throws -> (value: T, pages: PageMark?)
    /// A value that changes whenever another connection commits (and, on PostgreSQL, sometimes when nothing
    /// a portal shows changed: a "maybe changed" signal that the change lookups then confirm or dismiss).
    func changeToken() throws -> String
    /// Which database this is: a different value means it was replaced (a restored file, a new cluster), and
    /// every client is rebuilt.
    func identity() throws -> String
    /// Closes the connection.
    func close()
}

extension SourceConnection {
    /// Without a way to tell which pages changed: `rowids` nil, no mark.
    package func read<T>(
        changedSince pages: PageMark?, _ body: (any SourceSnapshot, _ rowids: Set<Int64>?) throws -> T
    ) throws -> (
        value: T, pages: PageMark?
    ) {
        (try read { try body($0, nil) }, nil)
    }
}

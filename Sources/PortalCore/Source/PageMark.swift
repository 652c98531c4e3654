/// Where a database's pages stood at one look, so the next can name the rows on the pages written since
/// (``SourceConnection/read(changedSince:_:)``). Opaque above the backends: only SQLite keeps one.
package struct PageMark: Sendable {
    /// Rollback-journal mode: a hash of each page of the file, the first without its 100-byte header (which
    /// every commit rewrites).
    var hashes: [UInt64] = []
    /// WAL mode: the log's salts (new each time the log restarts) and the end of the last commit frame read.
    var log: (salts: UInt64, end: Int)?
}

import GRDB
import GRDBSQLite

/// The database file as the connection's SQLite opened it (`SQLITE_FCNTL_FILE_POINTER`), read through its VFS.
///
/// portalgen never opens the database file itself: closing any descriptor of a file drops every POSIX lock
/// the process holds on it, and SQLite's connections rely on theirs (a writer elsewhere then takes itself
/// for the last connection and deletes the WAL under them). Reads go through SQLite's own descriptor with
/// `pread`, so parts of the file may be read from several threads at once.
struct SQLiteFile: @unchecked Sendable {
    let file: UnsafeMutablePointer<sqlite3_file>

    /// The main database file of `db`'s connection; nil when SQLite gives none.
    init?(_ db: Database) {
        var pointer: UnsafeMutablePointer<sqlite3_file>?
        guard sqlite3_file_control(db.sqliteConnection, "main", SQLITE_FCNTL_FILE_POINTER, &pointer) == SQLITE_OK, let pointer,
            pointer.pointee.pMethods != nil
        else { return nil }
        file = pointer
    }

    /// The file's size in bytes; nil when it cannot be had.
    func size() -> Int? {
        var size: sqlite3_int64 = 0
        guard let method = file.pointee.pMethods.pointee.xFileSize, method(file, &size) == SQLITE_OK else { return nil }
        return Int(size)
    }

    /// Fills `buffer` from `offset`; false when the file is shorter or the read fails.
    func read(_ buffer: UnsafeMutableRawBufferPointer, at offset: Int) -> Bool {
        guard let method = file.pointee.pMethods.pointee.xRead else { return false }
        return method(file, buffer.baseAddress, Int32(buffer.count), sqlite3_int64(offset)) == SQLITE_OK
    }

    /// The header's mode (its read and write versions are 2 in WAL mode) and page size (1 stands for 65,536).
    func header() -> (wal: Bool, pageSize: Int)? {
        let bytes = UnsafeMutableRawBufferPointer.allocate(byteCount: 100, alignment: 8)
        defer { bytes.deallocate() }
        guard read(bytes, at: 0) else { return nil }
        let size = Int(bytes[16]) << 8 | Int(bytes[17])
        return (bytes[18] == 2 && bytes[19] == 2, size == 1 ? 65_536 : size)
    }
}

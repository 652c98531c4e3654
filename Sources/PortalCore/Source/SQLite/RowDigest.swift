import Crypto
import Foundation
import GRDB
import GRDBSQLite

/// The SQL aggregate `portalgen_digest(id, value, …)`: a digest of a group's rows that moves when any row's
/// values change, or when a row is added or removed, and does not depend on the order the rows are read in.
///
/// Each row adds the first eight bytes (little-endian) of the SHA-256 of its id and values, each with its storage class
/// (NULL, integer, real, text, blob) and length, modulo 2^64. The result is 16 hex digits, or NULL for a group
/// without rows. ``ClientFingerprint`` digests the columns pages show with it: building each row's text with
/// `quote(…) || …` and concatenating them took a quarter of a second over the bench's 100,000 invoice lines.
///
/// Written against SQLite's C API: going through GRDB's `DatabaseAggregate` made a Swift array and strings for
/// every row, slower than the concatenation. It is registered on portalgen's own read-only connections only,
/// never written into TimeTracker's database.
enum RowDigest {
    /// The name SQL calls it by.
    static let name = "portalgen_digest"

    /// Adds the aggregate to `db`'s connection.
    static func register(in db: Database) throws {
        try db.addAggregate(name, step: step, final: final)
    }

    /// The running state of one group, in memory SQLite owns.
    private struct State {
        var sum: UInt64
        var rows: UInt64
    }

    private static let step: Database.AggregateStep = { context, count, values in
        guard let raw = sqlite3_aggregate_context(context, Int32(MemoryLayout<State>.size)), let values else { return }
        let state = raw.assumingMemoryBound(to: State.self)
        let row = UnsafeBufferPointer(start: values, count: Int(count))
        // The row's bytes in one buffer, hashed in one call (a call per value cost twice as much).
        let size = row.reduce(0) { $0 + 5 + RowDigest.byteCount(of: $1) }
        let digest = withUnsafeTemporaryAllocation(byteCount: size, alignment: 1) { buffer in
            var offset = 0
            for value in row { RowDigest.write(value, to: buffer, at: &offset) }
            return SHA256.hash(data: UnsafeRawBufferPointer(buffer))
        }
        state.pointee.sum &+= digest.withUnsafeBytes { UInt64(littleEndian: $0.loadUnaligned(as: UInt64.self)) }
        state.pointee.rows += 1
    }

    private static let final: Database.AggregateFinal = { context in
        guard let raw = sqlite3_aggregate_context(context, 0) else { return sqlite3_result_null(context) }
        let state = raw.assumingMemoryBound(to: State.self).pointee
        guard state.rows > 0 else { return sqlite3_result_null(context) }
        let hex = String(state.sum, radix: 16)
        let text = String(repeating: "0", count: 16 - hex.count) + hex
        sqlite3_result_text(context, text, -1, unsafeBitCast(-1, to: sqlite3_destructor_type.self))
    }

    /// How many bytes ``write(_:to:at:)`` writes for `value` after its five-byte header.
    private static func byteCount(of value: OpaquePointer?) -> Int {
        switch sqlite3_value_type(value) {
        case SQLITE_INTEGER, SQLITE_FLOAT: 8
        case SQLITE_TEXT:
            // Asks for the text first: SQLite counts the bytes of the form last asked for.
            sqlite3_value_text(value) == nil ? 0 : Int(sqlite3_value_bytes(value))
        case SQLITE_BLOB: sqlite3_value_blob(value) == nil ? 0 : Int(sqlite3_value_bytes(value))
        default: 0
        }
    }

    /// Writes `value`'s storage class, its length and its bytes (numbers little-endian) at `offset`.
    private static func write(_ value: OpaquePointer?, to buffer: UnsafeMutableRawBufferPointer, at offset: inout Int) {
        let count = byteCount(of: value)
        let type = sqlite3_value_type(value)
        let tag: UInt8 =
            switch type {
            case SQLITE_INTEGER: 1
            case SQLITE_FLOAT: 2
            case SQLITE_TEXT: 3
            case SQLITE_BLOB: 4
            default: 0
            }
        buffer[offset] = tag
        buffer.storeBytes(of: UInt32(count).littleEndian, toByteOffset: offset + 1, as: UInt32.self)
        offset += 5
        let target = UnsafeMutableRawBufferPointer(rebasing: buffer[offset..<offset + count])
        switch type {
        case SQLITE_INTEGER: target.storeBytes(of: sqlite3_value_int64(value).littleEndian, as: Int64.self)
        case SQLITE_FLOAT: target.storeBytes(of: sqlite3_value_double(value).bitPattern.littleEndian, as: UInt64.self)
        case SQLITE_TEXT where count > 0: target.copyMemory(from: UnsafeRawBufferPointer(start: sqlite3_value_text(value), count: count))
        case SQLITE_BLOB where count > 0: target.copyMemory(from: UnsafeRawBufferPointer(start: sqlite3_value_blob(value), count: count))
        default: break
        }
        offset += count
    }
}

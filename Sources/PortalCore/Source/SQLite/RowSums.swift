import Foundation
import GRDB
import GRDBSQLite

/// The SQL aggregate `portalgen_sums(counts, a, b, …, latest)`: `count|sum(a)|sum(b)|…|max(latest)` over the
/// rows where `counts` is true, in one call per row, where SQLite's own `total()` and `max()` are one aggregate
/// step each. (The condition is an argument rather than a FILTER clause so that a group without counted rows
/// still reads `0|0|…|`: the final call is not told how many arguments the steps had.)
///
/// Sums are taken as `total()` takes them (in `Double`, NULL counted as nothing, exact for integers below
/// 2^53) and printed as Swift prints a `Double`; `latest` is compared as text, byte by byte (SQLite's BINARY
/// collation), and printed as stored, or as nothing when every value was NULL. Up to eight sums.
///
/// ``TimeEntryAggregate`` signs the whole `time_entries` table with it: seven aggregates over the bench's
/// million entries took 0.6 s of a build that changes nothing. Registered on portalgen's own read-only
/// connections only.
enum RowSums {
    /// The name SQL calls it by.
    static let name = "portalgen_sums"
    /// The most sums one call takes.
    static let maximumSums = 8

    /// Adds the aggregate to `db`'s connection.
    static func register(in db: Database) throws {
        try db.addAggregate(name, step: step, final: final)
    }

    /// The running state of one group, in memory SQLite owns (zeroed when first asked for).
    private struct State {
        var rows: Double
        var columns: Int32
        var sums: (Double, Double, Double, Double, Double, Double, Double, Double)
        /// The greatest `latest` so far, in memory from `sqlite3_malloc`, freed by the final call.
        var latest: UnsafeMutableRawPointer?
        var latestLength: Int32
    }

    private static let step: Database.AggregateStep = { context, count, values in
        guard count >= 2, count <= Int32(RowSums.maximumSums + 2) else {
            return sqlite3_result_error(context, "\(RowSums.name) takes from 2 to \(RowSums.maximumSums + 2) arguments", -1)
        }
        guard let raw = sqlite3_aggregate_context(context, Int32(MemoryLayout<State>.size)), let values else { return }
        let state = raw.assumingMemoryBound(to: State.self)
        state.pointee.columns = count - 2
        guard sqlite3_value_type(values[0]) != SQLITE_NULL, sqlite3_value_int64(values[0]) != 0 else { return }
        state.pointee.rows += 1
        withUnsafeMutableBytes(of: &state.pointee.sums) { bytes in
            let sums = bytes.bindMemory(to: Double.self)
            for index in 1..<Int(count - 1) where sqlite3_value_type(values[index]) != SQLITE_NULL {
                sums[index - 1] += sqlite3_value_double(values[index])
            }
        }
        let latest = values[Int(count - 1)]
        guard sqlite3_value_type(latest) != SQLITE_NULL, let text = sqlite3_value_text(latest) else { return }
        let length = sqlite3_value_bytes(latest)
        if let current = state.pointee.latest {
            let common = Int(min(length, state.pointee.latestLength))
            let order = memcmp(text, current, common)
            guard order > 0 || (order == 0 && length > state.pointee.latestLength) else { return }
        }
        guard let copy = sqlite3_realloc(state.pointee.latest, max(1, length)) else { return sqlite3_result_error_nomem(context) }
        copy.copyMemory(from: text, byteCount: Int(length))
        state.pointee.latest = copy
        state.pointee.latestLength = length
    }

    private static let final: Database.AggregateFinal = { context in
        guard let raw = sqlite3_aggregate_context(context, Int32(MemoryLayout<State>.size)) else { return sqlite3_result_error_nomem(context) }
        let state = raw.assumingMemoryBound(to: State.self)
        defer { sqlite3_free(state.pointee.latest) }
        var parts = [state.pointee.rows.description]
        withUnsafeBytes(of: state.pointee.sums) { bytes in
            parts += bytes.bindMemory(to: Double.self).prefix(Int(state.pointee.columns)).map(\.description)
        }
        let latest = state.pointee.latest.map { String(decoding: UnsafeRawBufferPointer(start: $0, count: Int(state.pointee.latestLength)), as: UTF8.self) }
        parts.append(latest ?? "")
        sqlite3_result_text(context, parts.joined(separator: "|"), -1, unsafeBitCast(-1, to: sqlite3_destructor_type.self))
    }
}

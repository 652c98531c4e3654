import Foundation
import NIOCore
import PortalCore
import PostgresNIO

/// Turns PostgreSQL's result cells into ``SourceValue``s exactly: `numeric` as `Decimal` (never through
/// `Double`), booleans as booleans, and date-times as the text TimeTracker's SQLite database stores
/// (`2026-11-20 16:45:12.000000`), so the two backends give the same records.
enum PostgresCellDecoder {
    static func value(_ cell: PostgresCell) -> SourceValue {
        guard var bytes = cell.bytes else { return .null }
        if cell.format == .text { return .text(bytes.readString(length: bytes.readableBytes) ?? "") }
        switch cell.dataType {
        case .bool: return bytes.readInteger(as: UInt8.self).map { .bool($0 != 0) } ?? .null
        case .int2: return bytes.readInteger(as: Int16.self).map { .int(Int64($0)) } ?? .null
        case .int4: return bytes.readInteger(as: Int32.self).map { .int(Int64($0)) } ?? .null
        case .int8: return bytes.readInteger(as: Int64.self).map { .int($0) } ?? .null
        case .oid: return bytes.readInteger(as: UInt32.self).map { .int(Int64($0)) } ?? .null
        case .float4: return bytes.readInteger(as: UInt32.self).map { .double(Double(Float(bitPattern: $0))) } ?? .null
        case .float8: return bytes.readInteger(as: UInt64.self).map { .double(Double(bitPattern: $0)) } ?? .null
        case .numeric:
            if let value = try? cell.decode(Decimal.self) { return .decimal(value) }
            return .text("NaN")
        case .timestamp, .timestamptz:
            guard let micros = bytes.readInteger(as: Int64.self) else { return .null }
            return .text(timestamp(micros))
        case .date:
            guard let days = bytes.readInteger(as: Int32.self) else { return .null }
            if days == Int32.max { return .text("infinity") }
            if days == Int32.min { return .text("-infinity") }
            return .text(CalendarDate(dayNumber: Int(Int64(days) + epochOffset)).iso)
        case .jsonb:
            _ = bytes.readInteger(as: UInt8.self)  // format version 1
            return .text(bytes.readString(length: bytes.readableBytes) ?? "")
        case .bytea: return .blob(bytes.readBytes(length: bytes.readableBytes) ?? [])
        default:
            // text, varchar, bpchar, name, json, enum labels and anything else: the bytes are UTF-8 text.
            return .text(bytes.readString(length: bytes.readableBytes) ?? "")
        }
    }

    /// Days from 1970-01-01 to 2000-01-01, PostgreSQL's epoch.
    static let epochOffset: Int64 = 10_957

    /// Microseconds since 2000-01-01 00:00:00 as `YYYY-MM-DD HH:MM:SS.ffffff`.
    static func timestamp(_ micros: Int64) -> String {
        if micros == Int64.max { return "infinity" }
        if micros == Int64.min { return "-infinity" }
        let perDay: Int64 = 86_400_000_000
        var days = micros / perDay
        var rest = micros % perDay
        if rest < 0 {
            rest += perDay
            days -= 1
        }
        let seconds = rest / 1_000_000
        let fraction = rest % 1_000_000
        func pad(_ value: Int64, _ width: Int) -> String { CalendarDate.pad(Int(value), width) }
        return
            "\(CalendarDate(dayNumber: Int(days + epochOffset)).iso) \(pad(seconds / 3600, 2)):\(pad(seconds / 60 % 60, 2)):\(pad(seconds % 60, 2)).\(pad(fraction, 6))"
    }
}

import Foundation
import GRDB
import PortalCore

/// Inserts rows into a TimeTracker-schema database the way TimeTracker's ORM stores them: every NOT NULL
/// column gets a value (TimeTracker applies its defaults in Python, not in SQL), datetimes as
/// `YYYY-MM-DD HH:MM:SS.ffffff`, booleans as 0/1, NUMERIC as floats, JSON as `json.dumps` text.
final class DemoWriter {
    let db: Database
    private var statements: [String: (Statement, [String], [String: DatabaseValue])] = [:]
    private let now: String

    init(_ db: Database, now: LocalDateTime) {
        self.db = db
        self.now = DemoWriter.dateTime(now)
    }

    /// Inserts `values` into `table`; absent NOT NULL columns get the zero value of their type.
    func insert(_ table: String, _ values: [String: (any DatabaseValueConvertible)?]) throws {
        if statements[table] == nil {
            let columns = try db.columns(in: table)
            var defaults: [String: DatabaseValue] = [:]
            for column in columns where column.isNotNull && column.name != "id" {
                let type = column.type.uppercased()
                if type.hasPrefix("DATETIME") {
                    defaults[column.name] = now.databaseValue
                } else if type.hasPrefix("DATE") {
                    defaults[column.name] = String(now.prefix(10)).databaseValue
                } else if type.hasPrefix("INTEGER") || type.hasPrefix("BOOLEAN") || type.hasPrefix("FLOAT") || type.hasPrefix("NUMERIC") {
                    defaults[column.name] = 0.databaseValue
                } else if type.hasPrefix("JSON") {
                    defaults[column.name] = "null".databaseValue
                } else {
                    defaults[column.name] = "".databaseValue
                }
            }
            if let column = defaults["auth_provider"], column == "".databaseValue { defaults["auth_provider"] = "local".databaseValue }
            let names = columns.map(\.name)
            let sql = "INSERT INTO \(table) (\(names.joined(separator: ","))) VALUES (\(names.map { _ in "?" }.joined(separator: ",")))"
            statements[table] = (try db.makeStatement(sql: sql), names, defaults)
        }
        let (statement, names, defaults) = statements[table]!
        let arguments = names.map { name -> DatabaseValue in
            if let value = values[name] { return value?.databaseValue ?? .null }
            return defaults[name] ?? .null
        }
        try statement.execute(arguments: StatementArguments(arguments))
    }

    static func dateTime(_ value: LocalDateTime) -> String {
        "\(value.description).\(CalendarDate.pad(value.microsecond, 6))"
    }

    /// `json.dumps` with its default separators and `ensure_ascii`.
    static func json(_ value: Any) -> String {
        switch value {
        case let text as String: return quoted(text)
        case let object as [(String, Any)]: return "{" + object.map { "\(quoted($0.0)): \(json($0.1))" }.joined(separator: ", ") + "}"
        case let list as [Any]: return "[" + list.map(json).joined(separator: ", ") + "]"
        case let bool as Bool: return bool ? "true" : "false"
        case let number as Int: return String(number)
        case let number as Double: return String(number)
        default: return "null"
        }
    }

    static func quoted(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            default:
                if scalar.value < 0x20 || scalar.value > 0x7e {
                    if scalar.value > 0xFFFF {
                        let v = scalar.value - 0x10000
                        result += String(format: "\\u%04x\\u%04x", 0xD800 + (v >> 10), 0xDC00 + (v & 0x3FF))
                    } else {
                        result += String(format: "\\u%04x", scalar.value)
                    }
                } else {
                    result.unicodeScalars.append(scalar)
                }
            }
        }
        return result + "\""
    }
}

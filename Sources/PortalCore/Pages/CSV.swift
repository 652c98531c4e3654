import Foundation

/// RFC 4180 CSV fields, with spreadsheet formula injection neutralised.
enum CSV {
    /// First characters that make a spreadsheet read a cell as a formula (OWASP: = + - @ TAB CR).
    static let formulaStarts: Set<UInt8> = [UInt8(ascii: "="), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "@"), UInt8(ascii: "\t"), UInt8(ascii: "\r")]

    static func field(_ value: String, separator: Character) -> String {
        var text = ""
        append(value, to: &text, separator: separator)
        return text
    }

    /// The lines as a CSV text.
    static func text(_ lines: [[String]], separator: Character) -> String {
        lines.map { $0.map { field($0, separator: separator) }.joined(separator: String(separator)) }.joined(separator: "\r\n") + "\r\n"
    }

    /// Appends `value` as a field to `line`.
    static func append(_ value: String, to line: inout String, separator: Character) {
        let separatorByte = separator.asciiValue ?? UInt8(ascii: ",")
        var text = Presentation.text(value) ?? ""
        if let first = text.utf8.first, Self.formulaStarts.contains(first), Double(text) == nil { text = "'" + text }
        // Bytes, not characters: "\r\n" is one Character, equal to neither "\r" nor "\n".
        var quote = false, doubleQuotes = false
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): doubleQuotes = true
            case separatorByte, UInt8(ascii: "\n"), UInt8(ascii: "\r"): quote = true
            default: continue
            }
        }
        guard quote || doubleQuotes else {
            line += text
            return
        }
        line += "\""
        if doubleQuotes {
            for part in text.utf8.split(separator: UInt8(ascii: "\""), omittingEmptySubsequences: false).enumerated() {
                if part.offset > 0 { line += "\"\"" }
                line += Substring(part.element)
            }
        } else {
            line += text
        }
        line += "\""
    }

    static func time(_ value: LocalDateTime) -> String {
        "\(CalendarDate.pad(value.hour, 2)):\(CalendarDate.pad(value.minute, 2))"
    }
}

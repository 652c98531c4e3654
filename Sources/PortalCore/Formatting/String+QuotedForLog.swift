extension Unicode.Scalar {
    /// The explicit bidirectional formatting characters (ALM, LRM, RLM, the embeddings, overrides and isolates):
    /// invisible, and able to reorder what follows them on a line.
    var isBidiControl: Bool {
        switch value {
        case 0x061C, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069: true
        default: false
        }
    }
}

extension String {
    /// The text in double quotes for a log line or terminal message: control characters (a terminal's escape
    /// sequences among them) and bidi controls written as `\u{1B}`, quotes and backslashes escaped, so database
    /// text can neither drive the admin's terminal nor reorder the message around it.
    package var quotedForLog: String {
        var result = "\""
        for scalar in unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\t": result += "\\t"
            case "\r": result += "\\r"
            default:
                if scalar.properties.generalCategory == .control || scalar.isBidiControl || scalar.properties.generalCategory == .lineSeparator
                    || scalar.properties.generalCategory == .paragraphSeparator
                {
                    result += "\\u{\(String(scalar.value, radix: 16, uppercase: true))}"
                } else {
                    result.unicodeScalars.append(scalar)
                }
            }
        }
        return result + "\""
    }
}

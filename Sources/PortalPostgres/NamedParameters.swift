import PortalCore

/// Turns the `:name` parameters portalgen's SQL uses on both backends into PostgreSQL's `$1`, `$2` …
package enum NamedParameters {
    /// The SQL with `$n` in place of each `:name` (outside quotes; `::type` casts left alone), and the names
    /// in the order of their numbers.
    package static func positional(_ sql: String) -> (sql: String, names: [String]) {
        var output = ""
        var names: [String] = []
        let scalars = Array(sql.unicodeScalars)
        var index = 0
        var quote: Unicode.Scalar?
        func isNameStart(_ scalar: Unicode.Scalar) -> Bool { scalar == "_" || scalar.properties.isAlphabetic && scalar.isASCII }
        func isName(_ scalar: Unicode.Scalar) -> Bool { isNameStart(scalar) || ("0"..."9").contains(scalar) }
        while index < scalars.count {
            let scalar = scalars[index]
            if let open = quote {
                output.unicodeScalars.append(scalar)
                if scalar == open { quote = nil }
                index += 1
                continue
            }
            if scalar == "'" || scalar == "\"" {
                quote = scalar
                output.unicodeScalars.append(scalar)
                index += 1
                continue
            }
            if scalar == ":", index + 1 < scalars.count, scalars[index + 1] == ":" {
                output += "::"
                index += 2
                continue
            }
            if scalar == ":", index + 1 < scalars.count, isNameStart(scalars[index + 1]) {
                var end = index + 1
                while end < scalars.count, isName(scalars[end]) { end += 1 }
                let name = String(String.UnicodeScalarView(scalars[(index + 1)..<end]))
                if let existing = names.firstIndex(of: name) {
                    output += "$\(existing + 1)"
                } else {
                    names.append(name)
                    output += "$\(names.count)"
                }
                index = end
                continue
            }
            output.unicodeScalars.append(scalar)
            index += 1
        }
        return (output, names)
    }
}

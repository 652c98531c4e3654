/// HTML escaping by Unicode scalar (in practice by UTF-8 byte): `<`, `>`, `&`, `"` and `'` are replaced
/// wherever they stand, whatever combining mark, joiner or prepending scalar surrounds them. The one
/// escaper of every path: Mustache (``ScalarHTMLEscaping``), the stencils, the SVG charts and QR codes.
package enum HTMLEscaping {
    /// `text` escaped.
    package static func escaped(_ text: String) -> String {
        var output = ""
        append(text, to: &output)
        return output
    }

    @inline(__always)
    static func isSpecial(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "&"), UInt8(ascii: "\""), UInt8(ascii: "'"): true
        default: false
        }
    }

    static func replacement(_ byte: UInt8) -> String {
        switch byte {
        case UInt8(ascii: "<"): "&lt;"
        case UInt8(ascii: ">"): "&gt;"
        case UInt8(ascii: "&"): "&amp;"
        case UInt8(ascii: "\""): "&quot;"
        default: "&#39;"
        }
    }

    /// Appends `text` escaped. The five characters are ASCII, and in UTF-8 an ASCII byte is always a whole
    /// scalar, so a byte-wise pass is a scalar-wise one.
    static func append(_ text: String, to output: inout String) {
        let bytes = text.utf8
        guard bytes.contains(where: isSpecial) else {
            output += text
            return
        }
        var runStart = bytes.startIndex
        var index = bytes.startIndex
        while index != bytes.endIndex {
            let byte = bytes[index]
            if isSpecial(byte) {
                output += Substring(bytes[runStart..<index])
                output += replacement(byte)
                runStart = bytes.index(after: index)
            }
            index = bytes.index(after: index)
        }
        output += Substring(bytes[runStart..<bytes.endIndex])
    }
}

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
    ///
    /// Bidi controls that `text` opens and leaves open (an unterminated U+202E RIGHT-TO-LEFT OVERRIDE) are
    /// closed at its end (U+202C, U+2069), so database text can never reorder the amounts and dates that
    /// follow it on a line (`1,028.98` read as `89.820,1`). Their lead byte, 0xE2, sends a text down the slow path.
    static func append(_ text: String, to output: inout String) {
        let bytes = text.utf8
        guard bytes.contains(where: { isSpecial($0) || $0 == 0xE2 }) else {
            output += text
            return
        }
        var runStart = bytes.startIndex
        var index = bytes.startIndex
        /// Open embeddings and overrides (false) and isolates (true), innermost last.
        var open: [Bool] = []
        while index != bytes.endIndex {
            let byte = bytes[index]
            if isSpecial(byte) {
                output += Substring(bytes[runStart..<index])
                output += replacement(byte)
                runStart = bytes.index(after: index)
            } else if byte == 0xE2, let control = bidiControl(bytes[index...]) {
                switch control {
                case 0x202A, 0x202B, 0x202D, 0x202E: open.append(false)
                case 0x202C: if open.last == false { open.removeLast() }
                case 0x2066, 0x2067, 0x2068: open.append(true)
                default:  // PDI closes the innermost isolate and every embedding inside it
                    if let isolate = open.lastIndex(of: true) { open.removeSubrange(isolate...) }
                }
            }
            index = bytes.index(after: index)
        }
        output += Substring(bytes[runStart..<bytes.endIndex])
        for isolate in open.reversed() { output += isolate ? "\u{2069}" : "\u{202C}" }
    }

    /// The explicit bidi control at the start of `bytes` (U+202A–U+202E, U+2066–U+2069), if one is there.
    @inline(__always)
    static func bidiControl(_ bytes: Substring.UTF8View) -> UInt32? {
        var iterator = bytes.makeIterator()
        guard iterator.next() == 0xE2, let second = iterator.next(), let third = iterator.next() else { return nil }
        switch (second, third) {
        case (0x80, 0xAA...0xAE): return 0x202A + UInt32(third - 0xAA)
        case (0x81, 0xA6...0xA9): return 0x2066 + UInt32(third - 0xA6)
        default: return nil
        }
    }
}

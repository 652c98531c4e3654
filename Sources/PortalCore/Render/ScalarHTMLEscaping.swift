import Mustache

/// HTML escaping by Unicode scalar (in practice by UTF-8 byte): `<`, `>`, `&`, `"` and `'` are replaced
/// wherever they stand, whatever combining mark, joiner or prepending scalar surrounds them.
///
/// swift-mustache's own HTML escaper (2.1.1) compares whole `Character`s, so `"` followed by U+0301 (one
/// grapheme cluster that is not `"`) is copied raw and ends a double-quoted attribute. portalgen registers
/// this escaper as Mustache's `HTML` content type and starts every template with that pragma, so Mustache,
/// the stencils (``TemplateStencil``) and ``HTMLSanitizer/escape(_:)`` escape alike.
struct ScalarHTMLEscaping: MustacheContentType {
    func escapeText(_ text: String) -> String {
        var output = ""
        Self.append(text, to: &output)
        return output
    }

    /// The pragma every theme template starts with, on a line of its own (it prints nothing).
    static let pragma = "{{% CONTENT_TYPE: HTML}}"

    /// Registers the escaper as Mustache's `HTML` content type, once per process, before any template is parsed.
    static let registered: Void = MustacheContentTypes.register(ScalarHTMLEscaping(), named: "HTML")

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

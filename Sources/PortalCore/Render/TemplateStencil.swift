/// A template's output for one ``ContextShape``, with holes where the leaves go.
///
/// Made by rendering the template once with markers in place of the leaves: what surrounds the markers is
/// the literal text, and each marker shows whether the template escaped it. Filling a stencil is copying
/// bytes, against the microseconds swift-mustache spends looking up and casting every `{{name}}`.
struct TemplateStencil: Sendable {
    enum Part: Sendable {
        case text(String)
        case leaf(Int, escaped: Bool)
    }

    let parts: [Part]

    /// Leaf `index` as it is put into the context: private-use brackets around the number and an `&`,
    /// which HTML escaping turns into `&amp;`. Only markers are parsed, never the leaves themselves, so
    /// database text cannot forge one; a marker that does not survive the template intact makes `init` fail.
    ///
    /// A leaf that ends a line gets another closing bracket and the newline, because swift-mustache indents
    /// what follows a line's end inside an indented partial: the marked output then has the indentation
    /// where the real output has it, and the newline (the leaf's own) is dropped from the stencil's text.
    static func marker(_ index: Int, endsLine: Bool) -> String {
        endsLine ? "\u{E000}\(index)&\u{E002}\n" : "\u{E000}\(index)&\u{E001}"
    }

    /// Splits `rendered` (the template rendered with markers) into text and holes; nil when a marker was
    /// changed on its way through the template.
    init?(rendered: String) {
        var parts: [Part] = []
        let bytes = Array(rendered.utf8)
        let open: [UInt8] = [0xEE, 0x80, 0x80]
        let close: [UInt8] = [0xEE, 0x80, 0x81]
        let closeLine: [UInt8] = [0xEE, 0x80, 0x82, 0x0A]
        let escapedAmpersand = Array("&amp;".utf8)
        var textStart = 0
        var index = 0
        func matches(_ pattern: [UInt8], at position: Int) -> Bool {
            position + pattern.count <= bytes.count && bytes[position..<position + pattern.count].elementsEqual(pattern)
        }
        while index < bytes.count {
            guard bytes[index] == 0xEE, matches(open, at: index) else {
                index += 1
                continue
            }
            var cursor = index + open.count
            var number = 0
            let digitsStart = cursor
            while cursor < bytes.count, (0x30...0x39).contains(bytes[cursor]), cursor - digitsStart < 9 {
                number = number * 10 + Int(bytes[cursor] - 0x30)
                cursor += 1
            }
            guard cursor > digitsStart else { return nil }
            let escaped: Bool
            if matches(escapedAmpersand, at: cursor) {
                escaped = true
                cursor += escapedAmpersand.count
            } else if cursor < bytes.count, bytes[cursor] == UInt8(ascii: "&") {
                escaped = false
                cursor += 1
            } else {
                return nil
            }
            let end: Int
            if matches(close, at: cursor) {
                end = cursor + close.count
            } else if matches(closeLine, at: cursor) {
                end = cursor + closeLine.count
            } else {
                return nil
            }
            if textStart < index { parts.append(.text(String(decoding: bytes[textStart..<index], as: UTF8.self))) }
            parts.append(.leaf(number, escaped: escaped))
            index = end
            textStart = index
        }
        if textStart < bytes.count { parts.append(.text(String(decoding: bytes[textStart...], as: UTF8.self))) }
        self.parts = parts
    }

    /// The output for a context of this shape with these leaves.
    func fill(_ leaves: [String]) -> String? {
        var output = ""
        var size = 0
        for part in parts {
            switch part {
            case .text(let text): size += text.utf8.count
            case .leaf(let index, _):
                guard index < leaves.count else { return nil }
                size += leaves[index].utf8.count
            }
        }
        output.reserveCapacity(size + size / 16)
        for part in parts {
            switch part {
            case .text(let text): output += text
            case .leaf(let index, let escaped): escaped ? Self.appendEscaped(leaves[index], to: &output) : (output += leaves[index])
            }
        }
        return output
    }

    /// HTML escaping as the theme's Mustache templates do it (``ScalarHTMLEscaping``).
    @inline(__always)
    static func appendEscaped(_ text: String, to output: inout String) {
        HTMLEscaping.append(text, to: &output)
    }
}

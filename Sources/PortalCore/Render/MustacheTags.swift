import Foundation

/// The tags of a Mustache template, with where they stand, for ``RowSections``.
///
/// Only templates with the default delimiters and without inheritance (`{{<parent}}`, `{{$block}}`) are
/// read; ``RowSections`` leaves any other template as it is.
struct MustacheTags {
    enum Kind {
        case variable, section, inverted, close, partial, other
    }

    struct Tag {
        var kind: Kind
        /// The name, trimmed (`timeEntries`, `a.b`, `.`).
        var name: String
        /// Byte offset of the opening `{{`.
        var start: Int
        /// Byte offset just past the closing `}}` (or `}}}`).
        var end: Int
        /// For a section or inverted section: the index of its closing tag.
        var close: Int = -1
    }

    let bytes: [UInt8]
    private(set) var tags: [Tag] = []

    /// Nil when the template changes delimiters, uses inheritance or does not nest its sections.
    init?(_ text: String) {
        bytes = Array(text.utf8)
        var position = 0
        var open: [Int] = []
        while let start = Self.find([0x7B, 0x7B], in: bytes, from: position) {
            var cursor = start + 2
            let kind: Kind
            var closing: [UInt8] = [0x7D, 0x7D]
            switch cursor < bytes.count ? bytes[cursor] : 0 {
            case UInt8(ascii: "{"):
                kind = .variable
                closing = [0x7D, 0x7D, 0x7D]
            case UInt8(ascii: "&"): kind = .variable
            case UInt8(ascii: "#"): kind = .section
            case UInt8(ascii: "^"): kind = .inverted
            case UInt8(ascii: "/"): kind = .close
            case UInt8(ascii: ">"): kind = .partial
            case UInt8(ascii: "!"), UInt8(ascii: "%"): kind = .other
            case UInt8(ascii: "="), UInt8(ascii: "$"), UInt8(ascii: "<"): return nil
            default:
                kind = .variable
                cursor -= 1
            }
            cursor += 1
            guard let close = Self.find(closing, in: bytes, from: cursor) else { return nil }
            let name = String(decoding: bytes[cursor..<close], as: UTF8.self).trimmingCharacters(in: .whitespaces)
            let tag = Tag(kind: kind, name: name, start: start, end: close + closing.count)
            switch kind {
            case .section, .inverted: open.append(tags.count)
            case .close:
                guard let opening = open.popLast(), tags[opening].name == name else { return nil }
                tags[opening].close = tags.count
            default: break
            }
            tags.append(tag)
            position = tag.end
        }
        guard open.isEmpty else { return nil }
    }

    /// The byte range of the line holding `tag`, without its newline.
    func line(of tag: Tag) -> Range<Int> {
        var start = tag.start
        while start > 0, bytes[start - 1] != 0x0A { start -= 1 }
        var end = tag.end
        while end < bytes.count, bytes[end] != 0x0A { end += 1 }
        return start..<end
    }

    /// Whether `tag` stands alone on its line (only spaces and tabs beside it), so Mustache drops the line.
    func isStandalone(_ tag: Tag) -> Bool {
        let line = line(of: tag)
        return bytes[line.lowerBound..<tag.start].allSatisfy(Self.isBlank) && bytes[tag.end..<line.upperBound].allSatisfy { Self.isBlank($0) || $0 == 0x0D }
    }

    /// The indentation Mustache gives a partial: the blanks before a standalone `{{> name}}`.
    func indentation(of tag: Tag) -> Int {
        isStandalone(tag) ? tag.start - line(of: tag).lowerBound : 0
    }

    /// The first component of a tag's name: the key Mustache looks up in the context stack.
    static func key(_ name: String) -> String {
        String(name.prefix { $0 != "." })
    }

    static func isBlank(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 }

    private static func find(_ pattern: [UInt8], in bytes: [UInt8], from start: Int) -> Int? {
        guard pattern.count <= bytes.count else { return nil }
        var index = start
        while index + pattern.count <= bytes.count {
            if bytes[index] == pattern[0], bytes[index..<index + pattern.count].elementsEqual(pattern) { return index }
            index += 1
        }
        return nil
    }
}

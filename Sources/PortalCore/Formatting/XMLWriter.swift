import CLibXML2

/// An XML document written by libxml2's `xmlTextWriter`, which escapes every text and attribute itself;
/// characters XML 1.0 forbids (most C0 controls) are dropped first. Never string concatenation.
final class XMLWriter {
    private let buffer: xmlBufferPtr
    private let writer: xmlTextWriterPtr

    init() {
        buffer = xmlBufferCreate()
        writer = xmlNewTextWriterMemory(buffer, 0)
        xmlTextWriterSetIndent(writer, 1)
        Self.call("  ") { xmlTextWriterSetIndentString(writer, $0) }
        xmlTextWriterStartDocument(writer, "1.0", "UTF-8", nil)
    }

    deinit {
        xmlFreeTextWriter(writer)
        xmlBufferFree(buffer)
    }

    /// Opens `name`, with `attributes` in order (namespace declarations among them).
    func start(_ name: String, _ attributes: KeyValuePairs<String, String> = [:]) {
        Self.call(name) { xmlTextWriterStartElement(writer, $0) }
        for (key, value) in attributes { attribute(key, value) }
    }

    func attribute(_ name: String, _ value: String) {
        Self.call(name) { n in Self.call(Self.clean(value)) { xmlTextWriterWriteAttribute(writer, n, $0) } }
    }

    func end() { xmlTextWriterEndElement(writer) }

    /// `<name attributes…>text</name>`.
    func element(_ name: String, _ text: String, _ attributes: KeyValuePairs<String, String> = [:]) {
        start(name, attributes)
        Self.call(Self.clean(text)) { xmlTextWriterWriteString(writer, $0) }
        end()
    }

    /// Opens `name`, runs `body`, closes it.
    func group(_ name: String, _ attributes: KeyValuePairs<String, String> = [:], _ body: () -> Void) {
        start(name, attributes)
        body()
        end()
    }

    /// The finished document's bytes.
    func finish() -> [UInt8] {
        xmlTextWriterEndDocument(writer)
        xmlTextWriterFlush(writer)
        let count = Int(xmlBufferLength(buffer))
        guard let content = xmlBufferContent(buffer) else { return [] }
        return Array(UnsafeBufferPointer(start: content, count: count))
    }

    @discardableResult
    private static func call(_ text: String, _ body: (UnsafePointer<xmlChar>) -> Int32) -> Int32 {
        text.withCString { $0.withMemoryRebound(to: xmlChar.self, capacity: text.utf8.count + 1, body) }
    }

    /// `text` without the scalars XML 1.0 does not allow (C0 controls but tab, line feed and carriage return; U+FFFE, U+FFFF).
    static func clean(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: forbidden) else { return text }
        return String(String.UnicodeScalarView(text.unicodeScalars.filter { !forbidden($0) }))
    }

    private static func forbidden(_ scalar: Unicode.Scalar) -> Bool {
        (scalar.value < 0x20 && scalar != "\t" && scalar != "\n" && scalar != "\r") || scalar.value == 0xFFFE || scalar.value == 0xFFFF
    }
}

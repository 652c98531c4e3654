import CLibXML2
import Foundation

/// A parsed HTML page that tests query with XPath (libxml2's HTML parser, as lenient as a browser).
package final class HTMLDocument {
    private let document: htmlDocPtr
    /// Parser errors libxml2 reported (for well-formedness checks).
    package private(set) var errors: [String] = []

    package convenience init(path: String) throws {
        try self.init(data: Data(contentsOf: URL(fileURLWithPath: path)), name: path)
    }

    package init(data: Data, name: String = "page.html") throws {
        let bytes = [UInt8](data)
        let options = Int32(HTML_PARSE_NONET.rawValue | HTML_PARSE_NOWARNING.rawValue)
        let context = htmlNewParserCtxt()
        defer { htmlFreeParserCtxt(context) }
        // Errors are collected here instead of printed (libxml2's handler is per thread; the parse is synchronous).
        let sink = ErrorSink()
        xmlSetStructuredErrorFunc(Unmanaged.passUnretained(sink).toOpaque()) { pointer, error in
            guard let pointer, let error else { return }
            let sink = Unmanaged<ErrorSink>.fromOpaque(pointer).takeUnretainedValue()
            // 801 is "tag invalid": libxml2's HTML 4 parser does not know HTML5 elements such as <main>.
            guard error.pointee.code != 801 else { return }
            let message = error.pointee.message.map { String(cString: $0) } ?? "error \(error.pointee.code)"
            sink.messages.append("line \(error.pointee.line): \(message.trimmingCharacters(in: .whitespacesAndNewlines))")
        }
        defer { xmlSetStructuredErrorFunc(nil, nil) }
        guard
            let parsed = bytes.withUnsafeBufferPointer({ buffer in
                buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: bytes.count) {
                    htmlCtxtReadMemory(context, $0, Int32(bytes.count), name, "UTF-8", options)
                }
            })
        else { throw HTMLError(message: "\(name) could not be parsed as HTML") }
        document = parsed
        errors = sink.messages
    }

    private final class ErrorSink {
        var messages: [String] = []
    }

    deinit { xmlFreeDoc(document) }

    /// The nodes matching `expression`.
    package func nodes(_ expression: String) -> [HTMLNode] {
        guard let context = xmlXPathNewContext(document) else { return [] }
        defer { xmlXPathFreeContext(context) }
        guard let result = xmlXPathEvalExpression(expression, context) else { return [] }
        defer { xmlXPathFreeObject(result) }
        guard let set = result.pointee.nodesetval else { return [] }
        return (0..<Int(set.pointee.nodeNr)).compactMap { index in set.pointee.nodeTab[index].map { HTMLNode(node: $0) } }
    }

    /// The text of every node matching `expression`, whitespace collapsed.
    package func texts(_ expression: String) -> [String] { nodes(expression).map(\.text) }

    /// The text of the first node matching `expression`.
    package func text(_ expression: String) -> String? { texts(expression).first }
}

/// One node of an ``HTMLDocument`` (copied out, so it outlives nothing).
package struct HTMLNode {
    package let name: String
    /// The text content with runs of HTML whitespace (space, tab, line breaks; not the no-break space, which
    /// joins amounts to their currency) collapsed to one space and trimmed.
    package let text: String
    package let attributes: [String: String]

    init(node: xmlNodePtr) {
        name = node.pointee.name.map { String(cString: $0) } ?? ""
        if let content = xmlNodeGetContent(node) {
            text = String(cString: content).split(whereSeparator: { " \t\n\r\u{0C}".contains($0) }).joined(separator: " ")
            portal_xml_free(content)
        } else {
            text = ""
        }
        var attributes: [String: String] = [:]
        var attribute = node.pointee.properties
        while let current = attribute {
            if let name = current.pointee.name, let value = xmlGetProp(node, name) {
                attributes[String(cString: name)] = String(cString: value)
                portal_xml_free(value)
            }
            attribute = current.pointee.next
        }
        self.attributes = attributes
    }
}

package struct HTMLError: Error, CustomStringConvertible {
    package var message: String
    package init(message: String) { self.message = message }
    package var description: String { message }
}

import CLibXML2
import Foundation

/// An XML file parsed in-process by libxml2 (well-formedness checked, no network), queried with XPath.
package final class XMLFile {
    private let document: xmlDocPtr

    /// Throws when the file is not well-formed XML.
    package init(path: String) throws {
        guard let parsed = xmlReadFile(path, nil, Int32(XML_PARSE_NONET.rawValue | XML_PARSE_NOERROR.rawValue | XML_PARSE_NOWARNING.rawValue)) else {
            throw HTMLError(message: "\(path) is not well-formed XML")
        }
        document = parsed
    }

    deinit { xmlFreeDoc(document) }

    /// XPath's `string(expression)`: the text of the first match, "" when none.
    package func string(_ expression: String) -> String {
        guard let context = xmlXPathNewContext(document) else { return "" }
        defer { xmlXPathFreeContext(context) }
        guard let result = xmlXPathEvalExpression("string(\(expression))", context) else { return "" }
        defer { xmlXPathFreeObject(result) }
        return result.pointee.stringval.map { String(cString: $0) } ?? ""
    }
}

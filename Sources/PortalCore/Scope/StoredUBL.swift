import CLibXML2

/// Decides whether the XML TimeTracker stored for a PEPPOL transmission (`invoice_peppol_transmissions.ubl_xml`)
/// may be served as the invoice's e-invoice.
///
/// The column is not ours: anything that wrote it could have put an XHTML page there, whose
/// `<meta http-equiv=refresh>` or `<script>` would run when the file is opened. So the stored document is served
/// only when it is a UBL 2.1 `Invoice` or `CreditNote` and nothing a browser could act on: no document type
/// declaration (no entities), no processing instruction (no `xml-stylesheet`), and every element and attribute
/// in UBL's, UN/CEFACT's, XML Signature's or XML Schema instance's namespaces (so no XHTML, SVG, MathML, XSLT or
/// XLink). Anything else is refused with a reason, and the invoice gets the generated e-invoice instead.
package enum StoredUBL {
    /// The root elements a UBL 2.1 invoice document may have, with their namespaces.
    static let roots = [
        "Invoice": "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2",
        "CreditNote": "urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2",
    ]
    /// Namespaces (by prefix) whose elements and attributes a UBL invoice uses: its own schemas, its signature
    /// extension (XML-DSig, XAdES), UN/CEFACT's code lists, and `xsi:schemaLocation`.
    static let allowedNamespaces = [
        "urn:oasis:names:specification:ubl:", "urn:un:unece:uncefact:", "http://www.w3.org/2000/09/xmldsig#", "http://www.w3.org/2001/XMLSchema-instance",
        "http://uri.etsi.org/01903/",
    ]

    /// nil when `xml` may be served as it is; otherwise why not, as advice for the admin.
    package static func problem(_ xml: String) -> String? {
        let bytes = Array(xml.utf8)
        let options = Int32(XML_PARSE_NONET.rawValue | XML_PARSE_NOERROR.rawValue | XML_PARSE_NOWARNING.rawValue | XML_PARSE_NOCDATA.rawValue)
        guard
            let document = bytes.withUnsafeBufferPointer({ buffer in
                buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: max(bytes.count, 1)) {
                    xmlReadMemory($0, Int32(bytes.count), "ubl.xml", nil, options)
                }
            })
        else { return "it is not well-formed XML" }
        defer { xmlFreeDoc(document) }
        if document.pointee.intSubset != nil || document.pointee.extSubset != nil { return "it has a document type declaration" }
        guard let root = xmlDocGetRootElement(document) else { return "it has no root element" }
        let rootName = String(cString: root.pointee.name)
        guard let expected = roots[rootName], namespace(of: root) == expected else {
            return "its root is not a UBL 2.1 Invoice or CreditNote"
        }
        var top = document.pointee.children
        while let node = top {
            if node.pointee.type == XML_PI_NODE { return "it has a processing instruction" }
            top = node.pointee.next
        }
        return problem(in: root)
    }

    /// The first element, attribute or node under `node` (itself included) that a UBL invoice has no use for.
    private static func problem(in node: xmlNodePtr) -> String? {
        var stack = [node]
        while let current = stack.popLast() {
            switch current.pointee.type {
            case XML_ELEMENT_NODE:
                let name = String(cString: current.pointee.name)
                guard allowed(namespace(of: current)) else { return "its element \(name) is outside UBL's namespaces" }
                var attribute = current.pointee.properties
                while let property = attribute {
                    if let ns = property.pointee.ns, let href = ns.pointee.href, !allowed(String(cString: href)) {
                        return "an attribute of its element \(name) is outside UBL's namespaces"
                    }
                    attribute = property.pointee.next
                }
                var child = current.pointee.children
                while let next = child {
                    stack.append(next)
                    child = next.pointee.next
                }
            case XML_TEXT_NODE, XML_CDATA_SECTION_NODE, XML_COMMENT_NODE:
                continue
            default:
                return "it holds a processing instruction or entity reference"
            }
        }
        return nil
    }

    private static func namespace(of node: xmlNodePtr) -> String? {
        guard let ns = node.pointee.ns, let href = ns.pointee.href else { return nil }
        return String(cString: href)
    }

    private static func allowed(_ namespace: String?) -> Bool {
        guard let namespace else { return false }
        return allowedNamespaces.contains { namespace.hasPrefix($0) }
    }
}

import CLibXML2
import Foundation

/// Cleans untrusted HTML (custom header and footer HTML from the database) with an allowlist.
///
/// The fragment is parsed by libxml2's HTML parser, the same way a browser would tolerate broken markup,
/// and written out again keeping only allowlisted elements and attributes. Scripts, styles, frames, forms
/// and their content are dropped; other unknown elements are unwrapped (their text stays, escaped); event
/// handler and style attributes are dropped; links and images keep only `http`, `https`, `mailto` (links)
/// or relative URLs.
package enum HTMLSanitizer {
    static let allowedElements: Set<String> = [
        "a", "abbr", "b", "blockquote", "br", "code", "div", "em", "h2", "h3", "h4", "hr", "i", "img", "li", "ol", "p", "pre",
        "s", "small", "span", "strong", "sub", "sup", "u", "ul",
    ]
    static let droppedWithContent: Set<String> = [
        "script", "style", "iframe", "object", "embed", "template", "noscript", "form", "textarea", "select", "svg", "math",
        "frame", "frameset", "applet", "base", "link", "meta", "title", "head",
    ]
    static let voidElements: Set<String> = ["br", "hr", "img"]
    static let commonAttributes: Set<String> = ["class", "title", "lang", "dir"]
    static let elementAttributes: [String: Set<String>] = ["a": ["href"], "img": ["src", "alt", "width", "height"], "abbr": []]

    /// The allowlisted rendering of `html`.
    static func sanitize(_ html: String) -> String {
        let wrapped = "<!DOCTYPE html><html><body>\(html)</body></html>"
        let options = Int32(HTML_PARSE_NOERROR.rawValue | HTML_PARSE_NOWARNING.rawValue | HTML_PARSE_NONET.rawValue)
        let bytes = Array(wrapped.utf8)
        guard
            let document = bytes.withUnsafeBufferPointer({ buffer in
                buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: bytes.count) {
                    htmlReadMemory($0, Int32(bytes.count), "fragment.html", "UTF-8", options)
                }
            })
        else { return escape(html) }
        defer { xmlFreeDoc(document) }
        guard let root = xmlDocGetRootElement(document) else { return "" }
        var output = ""
        var node = root.pointee.children
        while let current = node {
            if name(of: current) == "body" { write(children: current, into: &output) }
            node = current.pointee.next
        }
        return output
    }

    static func name(of node: xmlNodePtr) -> String {
        guard let raw = node.pointee.name else { return "" }
        return String(cString: raw).lowercased()
    }

    static func write(children parent: xmlNodePtr, into output: inout String) {
        var node = parent.pointee.children
        while let current = node {
            write(node: current, into: &output)
            node = current.pointee.next
        }
    }

    static func write(node: xmlNodePtr, into output: inout String) {
        switch node.pointee.type {
        case XML_TEXT_NODE, XML_CDATA_SECTION_NODE:
            if let content = xmlNodeGetContent(node) {
                output += escape(String(cString: content))
                portal_xml_free(content)
            }
        case XML_ELEMENT_NODE:
            let tag = name(of: node)
            if droppedWithContent.contains(tag) { return }
            guard allowedElements.contains(tag) else {
                write(children: node, into: &output)
                return
            }
            output += "<\(tag)"
            let allowed = commonAttributes.union(elementAttributes[tag] ?? [])
            var keptHref = false
            var attribute = node.pointee.properties
            while let current = attribute {
                defer { attribute = current.pointee.next }
                guard let rawName = current.pointee.name else { continue }
                let attributeName = String(cString: rawName).lowercased()
                guard allowed.contains(attributeName), let rawValue = xmlNodeGetContent(UnsafeMutableRawPointer(current).assumingMemoryBound(to: xmlNode.self))
                else { continue }
                let value = String(cString: rawValue)
                portal_xml_free(rawValue)
                if attributeName == "href" || attributeName == "src" {
                    guard isSafeURL(value, allowMail: attributeName == "href") else { continue }
                }
                if attributeName == "href" { keptHref = true }
                output += " \(attributeName)=\"\(escape(value))\""
            }
            if tag == "a", keptHref { output += " rel=\"noopener noreferrer\"" }
            output += ">"
            if voidElements.contains(tag) { return }
            write(children: node, into: &output)
            output += "</\(tag)>"
        default:
            return  // comments, processing instructions, entities
        }
    }

    /// `http(s):`, `mailto:` (links only), or a relative URL without a scheme. Control characters and
    /// whitespace tricks (`java\tscript:`) are removed before the scheme is judged.
    static func isSafeURL(_ value: String, allowMail: Bool) -> Bool {
        let cleaned = String(value.unicodeScalars.filter { $0.value > 0x20 && $0.value != 0x7f }).lowercased()
        if cleaned.hasPrefix("https://") || cleaned.hasPrefix("http://") { return true }
        if allowMail, cleaned.hasPrefix("mailto:") { return true }
        if cleaned.hasPrefix("//") { return false }
        if let colon = cleaned.firstIndex(of: ":") {
            // A colon before any '/', '?' or '#' starts a scheme.
            let before = cleaned[..<colon]
            return before.contains("/") || before.contains("?") || before.contains("#")
        }
        return true
    }

    /// HTML-escapes text for element content and double-quoted attributes (``HTMLEscaping``), dropping the
    /// control characters HTML text may not hold.
    package static func escape(_ text: String) -> String {
        guard text.holdsTextForbiddenInHTML else { return HTMLEscaping.escaped(text) }
        return HTMLEscaping.escaped(String(String.UnicodeScalarView(text.unicodeScalars.filter { !$0.isForbiddenInHTMLText })))
    }
}

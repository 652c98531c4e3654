import Foundation

/// One page of a client's site before the layout: its path, template, title, nav section and values.
package struct PageModel {
    /// Relative to the client's directory, e.g. `invoices/12.html`.
    package var path: String
    /// The theme template that renders the page body.
    package var template: String
    /// The `<title>` and `<h1>`.
    package var title: String
    /// The nav item to highlight: a ``PageKind`` raw value (`dashboard`, `invoices`, `time-entries`, …).
    var section: String
    /// Values for the template: strings (escaped by Mustache unless the template uses triple braces),
    /// numbers, flags, dictionaries, and lists of rows that the template repeats: `[[String: Any]]`, or
    /// `[ListRow]` for long lists (a page's own list, never one nested in a dictionary).
    package var context: [String: Any]
    /// The name the page's PDF downloads as (`RP-20261108-1101.pdf`) when the page is a document a client files
    /// (an invoice, a quote, a statement); nil otherwise. The PDF sits beside the page (`invoices/12.pdf`).
    var printName: String? = nil
    /// The EN 16931 data an invoice's PDF carries (Factur-X): its CII XML and issue date; nil for other pages
    /// and for invoices that cannot be valid EN 16931 documents.
    var facturX: (xml: [UInt8], issued: CalendarDate)? = nil

    /// `../` repeated once per folder level of `path`, so links stay relative.
    package var root: String { String(repeating: "../", count: path.split(separator: "/").count - 1) }

    /// `stem.pdf`, safe as a file name on every file system: characters Windows, macOS or Linux refuse or read
    /// specially (`<>:"/\\|?*`, controls, bidi controls) become `_`, no leading or trailing dot or space, at most
    /// 120 bytes of UTF-8 (cut on a character).
    static func printName(_ stem: String) -> String {
        var scalars = String.UnicodeScalarView()
        for scalar in stem.unicodeScalars {
            let unsafe = "<>:\"/\\|?*".unicodeScalars.contains(scalar) || scalar.properties.generalCategory == .control || scalar.isBidiControl
            scalars.append(unsafe ? "_" : scalar)
        }
        var name = String(scalars).trimmingCharacters(in: CharacterSet(charactersIn: " ."))
        while name.utf8.count > 120 { name.removeLast() }
        return (name.isEmpty ? "document" : name) + ".pdf"
    }

    /// Where the page's PDF goes: the page's path with `.pdf` for `.html`.
    var pdfPath: String { String(path.dropLast(".html".count)) + ".pdf" }
}

/// One page of a client's site before the layout: its path, template, title, nav section and values.
package struct PageModel {
    /// Relative to the client's directory, e.g. `invoices/12.html`.
    package var path: String
    /// The theme template that renders the page body.
    package var template: String
    /// The `<title>` and `<h1>`.
    package var title: String
    /// The nav item to highlight: a ``PageKind`` raw value (`dashboard`, `invoices`, `time-entries`, …).
    package var section: String
    /// Values for the template: strings (escaped by Mustache unless the template uses triple braces),
    /// numbers, flags, dictionaries, and lists of rows that the template repeats: `[[String: Any]]`, or
    /// `[ListRow]` for long lists (a page's own list, never one nested in a dictionary).
    package var context: [String: Any]

    /// `../` repeated once per folder level of `path`, so links stay relative.
    package var root: String { String(repeating: "../", count: path.split(separator: "/").count - 1) }
}

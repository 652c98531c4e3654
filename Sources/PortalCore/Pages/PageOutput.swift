/// One page of a client's site before the layout: its path, template, title, nav section and values.
package struct PageOutput {
    /// Relative to the client's directory, e.g. `invoices/12.html`.
    package var path: String
    /// The theme template that renders the page body.
    package var template: String
    /// The `<title>` and `<h1>`.
    package var title: String
    /// The nav item to highlight: `dashboard`, `projects`, `invoices`, `time-entries`, `reports`, `activity`.
    package var section: String
    /// Values for the template; strings are escaped by Mustache unless the template uses triple braces.
    package var context: [String: Any]
    /// Time entries listed on the page, rendered by the theme's `entry-row` partial. An entry appears on
    /// several pages (its month, its project, the reports), so the renderer renders each row once per site
    /// (see ``RowCache``) and gives the page the HTML as `rowsHTML`; templates print it with `{{{rowsHTML}}}`.
    var entryRows: ArraySlice<TimeEntryRecord>? = nil
    /// Long lists rendered row by row with a theme partial, given to the template as HTML under the key:
    /// one row's shape repeats, so its stencil is filled, where the whole page's shape never repeats.
    var partialLists: [String: PartialList] = [:]

    /// `../` repeated once per folder level of `path`, so links stay relative.
    package var root: String { String(repeating: "../", count: path.split(separator: "/").count - 1) }
}

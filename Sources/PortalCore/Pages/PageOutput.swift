/// One page of a client's site before the layout: its path, template, title, nav section and values.
public struct PageOutput {
    /// Relative to the client's directory, e.g. `invoices/12.html`.
    public var path: String
    /// The theme template that renders the page body.
    public var template: String
    /// The `<title>` and `<h1>`.
    public var title: String
    /// The nav item to highlight: `dashboard`, `projects`, `invoices`, `time-entries`, `reports`, `activity`.
    public var section: String
    /// Values for the template; strings are escaped by Mustache unless the template uses triple braces.
    public var context: [String: Any]
    /// Time entries listed on the page, rendered by the theme's `entry-row` partial. An entry appears on
    /// several pages (its month, its project, the reports), so the renderer renders each row once per site
    /// (see ``RowCache``) and gives the page the HTML as `rowsHTML`; templates print it with `{{{rowsHTML}}}`.
    var entryRows: ArraySlice<TimeEntryRecord>? = nil
    /// Long lists rendered row by row with a theme partial, given to the template as HTML under the key:
    /// one row's shape repeats, so its stencil is filled, where the whole page's shape never repeats.
    var partialLists: [String: PartialList] = [:]

    /// `../` repeated once per folder level of `path`, so links stay relative.
    public var root: String { String(repeating: "../", count: path.split(separator: "/").count - 1) }
}

/// Rows for a theme partial (see ``PageOutput/partialLists``).
struct PartialList {
    let partial: String
    let rows: [any PartialRow]
}

/// One row of a ``PartialList``: its context, and the shape of that context built without walking it
/// (``StencilCache`` needs the context itself only for the first two rows of a shape).
protocol PartialRow {
    var context: [String: Any] { get }
    /// Must equal `ContextShape(context)`; debug builds check.
    var shape: ContextShape { get }
}

/// A file that is not a page (CSV, assets).
public struct RenderedFile: Sendable, Hashable {
    public var path: String
    public var bytes: [UInt8]

    public init(path: String, bytes: [UInt8]) {
        self.path = path
        self.bytes = bytes
    }
}

/// A row whose shape is found by walking its context: for lists of few rows per page, where building the
/// shape by hand (as ``EntryRow`` does for a million rows) would not pay.
struct DictionaryRow: PartialRow {
    let context: [String: Any]
    var shape: ContextShape { ContextShape(context) ?? ContextShape() }
}

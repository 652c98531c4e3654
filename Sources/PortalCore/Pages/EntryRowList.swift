/// Time-entry rows of a page, rendered by the theme's `entry-row` partial.
///
/// An entry appears on several pages (all entries, its project, its month), so the renderer renders each
/// row once per site and reuses the HTML (see ``RowCache``); templates print it with `{{{rowsHTML}}}`.
struct EntryRowList {
    let entries: ArraySlice<TimeEntryRecord>
}

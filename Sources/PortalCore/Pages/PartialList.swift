/// Rows for a theme partial (see ``PageOutput/partialLists``).
struct PartialList {
    let partial: String
    let rows: [any PartialRow]
}

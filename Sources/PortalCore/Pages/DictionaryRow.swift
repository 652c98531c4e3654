/// A row whose shape is found by walking its context: for lists of few rows per page, where building the
/// shape by hand (as ``EntryRow`` does for a million rows) would not pay.
struct DictionaryRow: PartialRow {
    let context: [String: Any]
    var shape: ContextShape { ContextShape(context) ?? ContextShape() }
}

/// One row of a ``PartialList``: its context, and the shape of that context built without walking it
/// (``StencilCache`` needs the context itself only for the first two rows of a shape).
protocol PartialRow {
    var context: [String: Any] { get }
    /// Must equal `ContextShape(context)`; debug builds check.
    var shape: ContextShape { get }
}

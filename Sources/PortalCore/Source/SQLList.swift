extension Sequence where Element == Int64 {
    /// The ids as a comma-separated list for `IN (…)`, sorted so equal sets give equal statements.
    /// Ids are integers, so the list cannot carry SQL.
    var sqlList: String { sorted().map(String.init).joined(separator: ",") }
}

extension SourceSnapshot {
    /// The clients that own the rows of `owner` (one of ``OwnedTable/owners(_:_:)``) where `condition`, over the
    /// row `x`, holds: whom new rows, stopped timers and edited rows belong to.
    func clients(
        owning owner: (table: String, client: String, from: String), where condition: String, _ arguments: [String: SourceValue] = [:]
    ) throws -> [Int64] {
        try ints("SELECT DISTINCT \(owner.client) FROM \(owner.from) WHERE \(condition) AND \(owner.client) IS NOT NULL", arguments)
    }
}

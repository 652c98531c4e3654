/// `LISTEN portalgen` on a connection of its own: calls `onChange` with the clients each notification of the
/// ``PostgresTriggers`` names (nil: "look at everything"). The connection is the registered ``PostgresDriver``'s;
/// the daemon sees ``listen(_:onListening:onChange:)``.
package enum PostgresChangeListener {
    /// Listens until the task is cancelled or the connection drops (then it throws, and the caller retries).
    /// Returns at once with `false` when the database is not PostgreSQL, some watched table has no trigger, or
    /// it is a hot standby (which cannot `LISTEN`, and no `NOTIFY` reaches): the caller then keeps polling.
    /// `onListening` runs once the `LISTEN` is in place.
    package static func listen(
        _ location: DatabaseLocation, onListening: @Sendable () -> Void, onChange: @escaping @Sendable (Set<Int64>?) -> Void
    ) async throws -> Bool {
        guard case .postgres(let server) = location else { return false }
        let (missing, standby) = try await BackgroundThread.run { () throws -> ([String], Bool) in
            let database = try PortalDatabase(location: location)
            return (try PostgresTriggers.missing(database), try database.read { try $0.text("SELECT pg_is_in_recovery()::text") } == "true")
        }
        guard missing.isEmpty, !standby else { return false }
        do {
            try await PostgresDrivers.driver(for: server).listen(
                server, channel: PostgresTriggers.channel, onListening: onListening,
                onPayload: { onChange(PostgresTriggers.clients(inPayload: $0)) })
        } catch is CancellationError {
        }
        return true
    }
}

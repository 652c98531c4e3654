import Synchronization

/// PostgreSQL as the core sees it: opening a read-only ``SourceConnection`` and listening for notifications.
///
/// The core compiles without PostgresNIO and NIOSSL: the `PortalPostgres` target implements this and the program
/// that links it registers it (`PortalPostgres.register()`, as Hummingbird's drivers are registered), so a
/// tool built on the core alone reads SQLite and says so when given a PostgreSQL URI.
package protocol PostgresDriver: Sendable {
    /// A read-only connection, its schema inspected and its `SELECT` privileges checked.
    func open(_ location: PostgresLocation) throws -> any SourceConnection

    /// `LISTEN`s on `channel` on a connection of its own until the task is cancelled (then it returns) or the
    /// connection drops (then it throws). `onListening` runs once the `LISTEN` is in place; `onPayload` gets
    /// each notification's payload.
    func listen(
        _ location: PostgresLocation, channel: String, onListening: @Sendable () -> Void, onPayload: @escaping @Sendable (String) -> Void
    ) async throws
}

/// The PostgreSQL driver the program registered, if any.
package enum PostgresDrivers {
    private static let registered = Mutex<(any PostgresDriver)?>(nil)

    /// Makes `driver` the one every PostgreSQL location opens with.
    package static func register(_ driver: any PostgresDriver) { registered.withLock { $0 = driver } }

    /// The registered driver, or an error that says what is missing.
    static func driver(for location: PostgresLocation) throws -> any PostgresDriver {
        guard let driver = registered.withLock({ $0 }) else {
            throw DatabaseOpenError(
                path: location.description,
                message:
                    "is PostgreSQL, and this program was built without PostgreSQL support: link the PortalPostgres target and call PortalPostgres.register()")
        }
        return driver
    }
}

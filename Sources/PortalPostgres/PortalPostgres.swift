import PortalCore
import PostgresNIO

/// PostgreSQL for portalgen, through PostgresNIO (and NIOSSL for TLS), kept out of the core: a program calls
/// ``register()`` once at start, and every `postgresql://` location then opens through it.
package enum PortalPostgres {
    package static func register() { PostgresDrivers.register(Driver()) }

    struct Driver: PostgresDriver {
        func open(_ location: PostgresLocation) throws -> any SourceConnection { try PostgresSourceConnection(location: location) }

        func listen(
            _ location: PostgresLocation, channel: String, onListening: @Sendable () -> Void, onPayload: @escaping @Sendable (String) -> Void
        ) async throws {
            let connection = try await BackgroundThread.run { try PostgresSourceConnection.connect(location) }
            do {
                try await connection.listen(on: channel) { notifications in
                    onListening()
                    for try await notification in notifications { onPayload(notification.payload) }
                }
            } catch {
                try? await connection.close()
                if error is CancellationError { throw error }
                throw PostgresSourceError(location: location, error)
            }
            try? await connection.close()
        }
    }
}

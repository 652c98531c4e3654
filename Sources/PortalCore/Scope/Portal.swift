import Foundation

/// TimeTracker's database opened for one configuration, on one read-only connection: what every command that
/// is not a build needs (the settings, the clients that get a portal, their logins). `clients`, `check`,
/// `proxy-config`, `init`, `link`, the daemon and the login watcher open one of these; a build opens
/// ``PortalBuilder``, whose first connection is its portal.
package final class Portal: Sendable {
    package let configuration: PortalConfiguration
    package let database: PortalDatabase

    /// Opens the configured database read-only and checks its schema.
    package init(configuration: PortalConfiguration) throws {
        self.configuration = configuration
        database = try PortalDatabase(location: configuration.database)
    }

    /// TimeTracker's settings (time zone, formats, currency, the company).
    package func settings() throws -> GlobalSettings {
        try database.read { try ClientScope(clientID: 0).readSettings($0) }
    }

    /// The clients that get a portal, with slugs, themes and locales.
    package func clients() throws -> [PortalClient] {
        try clientsAndAccounts().clients
    }

    /// The clients that get a portal and the portal accounts of TimeTracker's database, in one read: what the
    /// login map and sign-in start from. Only a build `recordingSlugs` writes the slug registry.
    package func clientsAndAccounts(recordingSlugs: Bool = false) throws -> ClientDirectory.Portals {
        try ClientDirectory.portals(in: database, configuration: configuration, recording: recordingSlugs)
    }

    /// The day to build for: `today` from config, else the date of `now` in TimeTracker's time zone.
    package func today(now: Date, settings: GlobalSettings) -> CalendarDate {
        configuration.today ?? LocalDateTime(now, in: settings.timeZone).date
    }
}

import Foundation
import Logging
import PortalCore
import ServiceLifecycle

/// Keeps who may sign in as TimeTracker says, within ``interval``: reads the portal accounts and the clients
/// that qualify (one short read-only transaction), updates the ``LoginTable`` the sign-in and every session check
/// read, and, in `basic` and `auth_request` modes, rewrites nginx's login map and runs `proxy.reloadCommand`
/// when the map changed. A password changed, a login disabled, a user deactivated or moved to another client:
/// each ends that login's access within one interval, in every mode, without a rebuild. The logins are read
/// when the database's change token moved (a commit), and at least every minute.
package struct LoginWatcher: Service {
    let configuration: PortalConfiguration
    let table: LoginTable
    let interval: Duration
    let logger: Logger

    init(configuration: PortalConfiguration, table: LoginTable, interval: Duration = .milliseconds(500), logger: Logger) {
        self.configuration = configuration
        self.table = table
        self.interval = interval
        self.logger = logger
    }

    /// How often the logins are read even though the database says nothing was committed.
    static let safetyInterval: Duration = .seconds(60)

    package func run() async throws {
        var failing = false
        var portal: Portal?
        /// What the last read saw: the database's identity and change token, and when.
        var seen: (identity: String, token: String, at: ContinuousClock.Instant)?
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            do {
                var current = try portal ?? Portal(configuration: configuration)
                let (identity, token) = try await BackgroundThread.run { [current] in (try current.database.identity(), try current.database.changeToken()) }
                if let seen, seen.identity != identity {
                    // A replaced file: the open connection still reads the old one.
                    current = try Portal(configuration: configuration)
                }
                portal = current
                // Reading every login twice a second cost a sixth of a core at 1,000 clients: only after a commit.
                let unchanged = seen.map { $0.identity == identity && $0.token == token && .now - $0.at < Self.safetyInterval } ?? false
                if !unchanged {
                    let started = ContinuousClock.now
                    try await refresh(current)
                    seen = (identity, token, started)
                }
                if failing { logger.notice("portal logins are read again") }
                failing = false
            } catch {
                if !failing { logger.error("cannot read the portal logins; sign-in keeps the last ones read", metadata: ["error": "\(error)"]) }
                failing = true
                portal = nil
                seen = nil
            }
            try? await Task.sleep(for: failing ? .seconds(5) : interval)
        }
    }

    func refresh(_ portal: Portal) async throws {
        let (clients, accounts) = try await BackgroundThread.run { try portal.clientsAndAccounts() }
        if table.update(accounts: accounts, clients: clients) {
            logger.info("portal logins changed", metadata: ["logins": "\(table.count)"])
        }
        guard configuration.proxy.mode != "timetracker" else { return }
        let logins = PortalLogins.make(accounts: accounts, clients: clients)
        guard try NginxConfig(configuration: configuration).writeMap(logins) else { return }
        logger.notice("nginx login map rewritten", metadata: ["logins": "\(logins.map.count)"])
        if let command = configuration.proxy.reloadCommand {
            if let problem = await ProxyReload.run(command) {
                logger.error("\(problem)")
            }
        }
    }
}

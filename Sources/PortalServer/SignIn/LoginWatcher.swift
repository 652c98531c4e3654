import Foundation
import Logging
import PortalCore
import ServiceLifecycle

/// Keeps who may sign in as TimeTracker says, within ``interval``: reads the portal accounts and the clients
/// that qualify (one short read-only transaction), updates the ``LoginTable`` the sign-in and every session check
/// read, and, in `basic` and `auth_request` modes, rewrites nginx's login map and runs `proxy.reloadCommand`
/// when the map changed. A password changed, a login disabled, a user deactivated or moved to another client:
/// each ends that login's access within one interval, in every mode, without a rebuild.
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

    package func run() async throws {
        var failing = false
        var portal: Portal?
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            do {
                let current = try portal ?? Portal(configuration: configuration)
                portal = current
                try await refresh(current)
                if failing { logger.notice("portal logins are read again") }
                failing = false
            } catch {
                if !failing { logger.error("cannot read the portal logins; sign-in keeps the last ones read", metadata: ["error": "\(error)"]) }
                failing = true
                portal = nil
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

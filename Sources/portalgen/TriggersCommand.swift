import ArgumentParser
import Foundation
import PortalCore

/// `portalgen postgres-triggers`: prints the SQL that adds (or removes) the `NOTIFY portalgen` triggers.
struct PostgresTriggersCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "postgres-triggers",
        abstract: "Print the SQL that lets `serve` hear of commits at once (LISTEN/NOTIFY) instead of polling.",
        discussion: """
            Run the output as the owner of TimeTracker's tables, e.g. `portalgen postgres-triggers | psql -U timetracker timetracker`. \
            portalgen never runs it itself: its role only reads. Without the triggers `serve` polls pg_current_wal_lsn().
            """
    )

    @OptionGroup var options: ConfigOptions

    @Flag(help: "Print the SQL that removes the triggers instead.")
    var drop = false

    func run() async throws {
        let configuration = try options.load()
        guard case .postgres = configuration.database else {
            throw CommandError("\"database\" is a SQLite file; triggers are for PostgreSQL (SQLite changes are seen through PRAGMA data_version)")
        }
        let database = try PortalDatabase(location: configuration.database)
        print(PostgresTriggers.sql(database, drop: drop), terminator: "")
        if !drop, let missing = try? PostgresTriggers.missing(database), missing.isEmpty {
            printError("note: every watched table has its current triggers already; running this again is harmless")
        }
    }
}

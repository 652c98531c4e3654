import ArgumentParser
import Foundation
import PortalCore

/// `portalgen triggers`: prints the SQL that adds (or removes) the triggers through which `serve` learns
/// at once which clients a commit touched: `NOTIFY portalgen` on PostgreSQL, a change log on SQLite.
struct TriggersCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "triggers",
        abstract: "Print the SQL that lets `serve` find edits and deletions at once instead of re-reading every client.",
        discussion: """
            Run the output as a user who may change TimeTracker's tables: \
            `portalgen triggers | psql -U timetracker timetracker` (PostgreSQL: NOTIFY, no table), \
            `portalgen triggers | sqlite3 timetracker.db` (SQLite: a table portalgen_changes with one row a client). \
            portalgen never runs it itself: it only reads. Without the triggers `serve` still finds every change, \
            edits and deletions by re-reading per-client aggregates (about a second at a million entries).
            """,
        aliases: ["postgres-triggers"]
    )

    @OptionGroup var options: ConfigOptions

    @Flag(help: "Print the SQL that removes the triggers instead.")
    var drop = false

    func run() async throws {
        let configuration = try options.load()
        let database = try PortalDatabase(location: configuration.database)
        print(TriggerScript.sql(database, drop: drop), terminator: "")
        if !drop, (try? TriggerScript.missing(database))?.tables.isEmpty == true {
            printError("note: every watched table has its current triggers already; running this again is harmless")
        }
    }
}

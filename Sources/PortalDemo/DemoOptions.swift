import Foundation
import PortalCore

/// What `portalgen demo` generates.
package struct DemoOptions: Sendable {
    /// SQLite's journal: WAL (the default) or TimeTracker's own default, a rollback journal (`"delete"`).
    package var journalMode = "wal"
    /// Number of clients. The default is 8.
    package var clients: Int = 8
    /// Seed of the generator: the same seed gives the same database. The default is 1.
    package var seed: UInt64 = 1
    /// Completed time entries per client (spread over its projects and the last `days` days). The default is 150.
    package var entriesPerClient: Int = 150
    /// Invoices per client. The default is 6.
    package var invoicesPerClient: Int = 6
    /// Line items per invoice. The default is 4.
    package var itemsPerInvoice: Int = 4
    /// Quotes per client (at most 4: open with a discount, accepted, expired, a private draft). The default is 4.
    package var quotesPerClient: Int = 4
    /// Comments and activities per client beyond those the entries produce. The default is 12.
    package var commentsPerClient: Int = 12
    /// Every n-th time entry gets a `created`/`stopped` activity. The default is 3.
    package var activityEvery: Int = 3
    /// Days of history. The default is 120.
    package var days: Int = 120
    /// The demo's "now" in the app time zone (Europe/Rome). The default is the current time.
    package var now: LocalDateTime = LocalDateTime(Date(), in: TimeZone(identifier: "Europe/Rome")!)

    /// Adds clients full of hostile data: markup and scripts in every text field, path tricks and control
    /// characters in names, huge texts, emoji and right-to-left text, NULL in every nullable column, zero and
    /// negative amounts, invoices without items, malformed and extreme dates, names that collide as slugs.
    package var hostile = false

    package init() {}
}

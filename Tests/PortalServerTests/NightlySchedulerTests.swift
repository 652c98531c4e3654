import Foundation
import Logging
import PortalCore
import PortalTestSupport
import Testing

@testable import PortalServer

/// When the nightly rebuild runs, across Europe/Rome's daylight-saving changes.
@Suite struct NightlySchedulerTests {
    func scheduler(_ minute: Int) throws -> NightlyScheduler {
        let fixture = try Fixture(clients: 1, entries: 1, invoices: 0)
        let queue = BuildQueue(configuration: fixture.configuration, hub: LiveHub(), metrics: PortalMetrics(), logger: Logger(label: "test"))
        return NightlyScheduler(
            minuteOfDay: minute, zone: TimeZone(identifier: "Europe/Rome")!, stateFile: fixture.folder.appendingPathComponent("nightly"), queue: queue,
            logger: Logger(label: "test"))
    }

    func utc(_ text: String) -> Date { ISO8601DateFormatter().date(from: text)! }

    @Test func threeInTheMorningIsThreeInRomeOnBothChangeDays() throws {
        let nightly = try scheduler(180)
        // 29 March 2026: clocks go from 02:00 to 03:00 (CEST, UTC+2).
        #expect(nightly.instant(on: CalendarDate(iso: "2026-03-29")!) == utc("2026-03-29T01:00:00Z"))
        #expect(nightly.instant(on: CalendarDate(iso: "2026-03-28")!) == utc("2026-03-28T02:00:00Z"))
        // 25 October 2026: clocks go from 03:00 back to 02:00 (CET, UTC+1); 03:00 comes once, in CET.
        #expect(nightly.instant(on: CalendarDate(iso: "2026-10-25")!) == utc("2026-10-25T02:00:00Z"))
        #expect(nightly.instant(on: CalendarDate(iso: "2026-10-24")!) == utc("2026-10-24T01:00:00Z"))
    }

    @Test func theLastRunDueIsTodaysOnceItsTimeHasPassed() throws {
        let nightly = try scheduler(180)
        #expect(nightly.lastDue(before: utc("2026-10-25T01:59:00Z")) == utc("2026-10-24T01:00:00Z"))
        #expect(nightly.lastDue(before: utc("2026-10-25T02:00:00Z")) == utc("2026-10-25T02:00:00Z"))
        #expect(nightly.lastDue(before: utc("2026-03-29T00:30:00Z")) == utc("2026-03-28T02:00:00Z"))
    }
}

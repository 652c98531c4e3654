import Foundation
import Testing

@testable import PortalCore

/// Work not yet invoiced on snapshots made in memory (``SnapshotBuilder``): TimeTracker's rate precedence, its
/// `time_entry_ids` parsing, and its rounding of what the next invoice would bill.
@Suite struct UnbilledPageModelTests {
    /// A project-wide override wins over the project's rate; a project without a rate (or at zero) takes the
    /// client's default; without one either, zero.
    @Test func ratesFollowTimeTrackersPrecedence() throws {
        var data = SnapshotBuilder()
        data.client["default_hourly_rate"] = .decimal(60)
        data.project(1, name: "Overridden", rate: 90)
        data.project(2, name: "Own rate", rate: 80)
        data.project(3, name: "Zero rate", rate: 0)
        data.project(4, name: "No rate", rate: nil)
        data.rateOverrides = [1: 99.5]
        let rates = try #require(try data.snapshot().unbilled).rates
        #expect(rates == [1: 99.5, 2: 80, 3: 60, 4: 60])
        data.client["default_hourly_rate"] = .null
        #expect(try #require(try data.snapshot().unbilled).rates[4] == 0)
    }

    /// `time_entry_ids` as TimeTracker splits it: trimmed ASCII digits between commas; anything else names nothing.
    @Test func timeEntryIDsAreReadAsTimeTrackerReadsThem() {
        #expect(UnbilledWork.ids("11,25,37") == [11, 25, 37])
        #expect(UnbilledWork.ids(" 7 , 8,") == [7, 8])
        #expect(UnbilledWork.ids("1,x,+5,-3,٣,2") == [1, 2])
        #expect(UnbilledWork.ids("").isEmpty)
    }

    /// Amounts are seconds / 3600 × rate, unrounded until the cent, halves to even (TimeTracker's `quantize`):
    /// 1.75 h at 87.50 is 153.125 → 153.12; 0.5 h at 100.01 is 50.005 → 50.00; the total 203.13 is rounded from
    /// the unrounded sum. Time on no project has hours but no amount; time on a draft is said apart, not counted.
    @Test func figuresAreTimeTrackersUnroundedUntilTheCent() throws {
        var data = SnapshotBuilder()
        data.project(1, name: "Alpha", rate: 87.5)
        data.project(2, name: "Beta", rate: 100.01)
        for (id, seconds) in [(1, 1800), (2, 1800), (3, 1800), (4, 900)] { data.unbilledEntry(Int64(id), project: 1, seconds: seconds) }
        data.unbilledEntry(5, project: 2, seconds: 1800)
        data.unbilledEntry(6, project: nil, seconds: 3600)
        data.unbilledEntry(7, project: 2, seconds: 7200, onDraft: true)
        data.shown.unbilled = true
        let site = try data.site()
        let figures = UnbilledFigures(try #require(site.snapshot.unbilled), projects: site.snapshot.projects)
        #expect(figures.lines.map(\.amount) == [Decimal(string: "153.12"), Decimal(string: "50.00"), nil])
        #expect(figures.lines.map(\.projectID) == [1, 2, nil])
        #expect(figures.amount == Decimal(string: "203.13"))
        #expect(figures.hours == Hours(centi: 325))
        #expect(figures.draftHours == Hours(centi: 200))
        let page = try #require(UnbilledPage.build(site).pages.first)
        #expect(plain(page.context["total"]) == "203.13 EUR")
        #expect((page.context["onDrafts"] as? String)?.contains("2.00") == true)
        #expect((page.context["lines"] as? [[String: Any]])?.last?["amount"] == nil)
    }

    /// Where the client's pages hide rates, the section shows hours only: an amount would give the rate away.
    @Test func hiddenRatesLeaveHoursOnly() throws {
        var data = SnapshotBuilder()
        data.project(1, name: "Alpha", rate: 87.5)
        data.unbilledEntry(1, project: 1, seconds: 3600)
        data.shown = ShownDetails(rates: false, unbilled: true)
        let page = try #require(UnbilledPage.build(try data.site()).pages.first)
        let line = try #require((page.context["lines"] as? [[String: Any]])?.first)
        #expect(line["rate"] == nil && line["amount"] == nil && page.context["total"] == nil)
        #expect(page.context["amounts"] as? Bool == false)
    }

    /// A project with no rate anywhere (no override, none of its own, no client default) is billed at zero, as
    /// TimeTracker would: its rate shows as "—" and the page says why its amount is 0.00.
    @Test func aProjectWithoutAnyRateIsExplained() throws {
        var data = SnapshotBuilder()
        data.project(1, name: "Alpha", rate: 87.5)
        data.project(2, name: "Unpriced", rate: nil)
        data.unbilledEntry(1, project: 1, seconds: 3600)
        data.unbilledEntry(2, project: 2, seconds: 3600)
        data.shown.unbilled = true
        let page = try #require(UnbilledPage.build(try data.site()).pages.first)
        let lines = try #require(page.context["lines"] as? [[String: Any]])
        #expect(plain(lines[0]["rate"]) == "87.50 EUR" && lines[0]["unpriced"] == nil)
        #expect(lines[1]["rate"] == nil && plain(lines[1]["amount"]) == "0.00 EUR" && lines[1]["unpriced"] as? Bool == true)
        #expect(page.context["hasUnpriced"] as? Bool == true)
    }

    func plain(_ value: Any?) -> String? { (value as? String)?.replacingOccurrences(of: "\u{A0}", with: " ") }
}

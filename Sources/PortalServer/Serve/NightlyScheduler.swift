import Foundation
import Logging
import PortalCore
import ServiceLifecycle

/// Rebuilds every client once a night, so date-dependent figures (overdue invoices, "last 30 days") move
/// without any database write. A run missed while the daemon was down is caught up at start; the date of
/// the last run is kept in `output/.portalgen-nightly`.
package struct NightlyScheduler: Service {
    let minuteOfDay: Int
    let zone: TimeZone
    let stateFile: URL
    let queue: BuildQueue
    let logger: Logger

    package init(minuteOfDay: Int, zone: TimeZone, stateFile: URL, queue: BuildQueue, logger: Logger) {
        self.minuteOfDay = minuteOfDay
        self.zone = zone
        self.stateFile = stateFile
        self.queue = queue
        self.logger = logger
    }

    /// The scheduled moment on `date` (in `zone`) as an instant.
    func instant(on date: CalendarDate) -> Date {
        let wall = date.dayNumber * 86400 + minuteOfDay * 60
        let guess = Date(timeIntervalSince1970: TimeInterval(wall))
        let offset = zone.secondsFromGMT(for: guess.addingTimeInterval(TimeInterval(-zone.secondsFromGMT(for: guess))))
        return Date(timeIntervalSince1970: TimeInterval(wall - offset))
    }

    /// The most recent scheduled moment at or before `now`.
    func lastDue(before now: Date) -> Date {
        let today = LocalDateTime(now, in: zone).date
        let candidate = instant(on: today)
        return candidate <= now ? candidate : instant(on: today.adding(days: -1))
    }

    package func run() async throws {
        let last = (try? String(contentsOf: stateFile, encoding: .utf8)).flatMap { Double($0.trimmingCharacters(in: .whitespacesAndNewlines)) }.map {
            Date(timeIntervalSince1970: $0)
        }
        if let last, last < lastDue(before: Date()) {
            logger.notice("catching up a nightly rebuild missed while the daemon was down")
            await runNightly()
        } else if last == nil {
            markDone(Date())
        }
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            let next = lastDue(before: Date()).addingTimeInterval(0)
            let upcoming = next <= Date() ? instant(on: LocalDateTime(next, in: zone).date.adding(days: 1)) : next
            let wait = max(1, upcoming.timeIntervalSinceNow)
            do {
                try await cancelWhenGracefulShutdown { try await Task.sleep(for: .seconds(wait)) }
            } catch {
                return
            }
            if Task.isCancelled || Task.isShuttingDownGracefully { return }
            await runNightly()
        }
    }

    func runNightly() async {
        logger.info("nightly rebuild")
        await queue.rebuild(all: true, force: true)
        markDone(Date())
    }

    func markDone(_ date: Date) {
        try? String(date.timeIntervalSince1970).write(to: stateFile, atomically: true, encoding: .utf8)
    }
}

import Foundation
import Logging
import PortalCore
import PortalTestSupport
import Testing

@testable import PortalServer

/// The daemon's build queue on its own: what a batch records, how a broken client fails alone, what force does.
@Suite struct BuildQueueTests {
    @Test func aBatchRecordsEveryClientAndABrokenOneFailsAlone() async throws {
        let fixture = try Fixture(clients: 3, entries: 5, invoices: 1)
        fixture.configuration.clients = ["2": ClientSettings(theme: "no-such-theme")]
        try FileManager.default.createDirectory(at: fixture.configuration.output, withIntermediateDirectories: true)
        let queue = BuildQueue(configuration: fixture.configuration, hub: LiveHub(), metrics: PortalMetrics(), logger: Logger(label: "test"))
        let runner = Task { try await queue.run() }
        defer { runner.cancel() }

        await queue.rebuild(all: true)
        let statuses = await queue.statuses
        #expect(statuses.count == 3, "\(statuses.keys.sorted())")
        let failed = statuses.values.filter { $0.error != nil }
        #expect(failed.count == 1 && failed.first?.failedStage == .theme, "\(failed)")
        #expect(await queue.failures.contains { $0.message.contains(failed.first?.slug ?? "?") })
        #expect(await queue.knownSlugs == Set(statuses.keys))

        // Unchanged data: a plain request skips the client, a forced one renders it (and writes nothing new).
        let slug = try #require(statuses.values.first { $0.error == nil }?.slug)
        await queue.rebuild(clients: [slug])
        #expect(await queue.statuses[slug]?.seconds == 0)
        await queue.rebuild(clients: [slug], force: true)
        let forced = await queue.statuses[slug]
        #expect((forced?.seconds ?? 0) > 0 && forced?.filesWritten == 0, "\(String(describing: forced))")
        #expect(forced?.buildID == statuses[slug]?.buildID)

        // A selector that names no qualifying client builds nothing and fails nothing.
        let before = await queue.failures.count
        await queue.rebuild(clients: ["nobody"])
        #expect(await queue.failures.count == before)
        let (queued, running) = (await queue.queued, await queue.running)
        #expect(queued == 0 && !running)
    }
}

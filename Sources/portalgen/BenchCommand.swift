import ArgumentParser
import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOHTTP1
import PortalCore
import PortalDemo
import PortalServer

/// `portalgen bench`: generates large TimeTracker databases and measures builds and live latency.
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Benchmark: full build, no-change rebuild and commit-to-browser latency at several sizes (use a release build).",
        discussion:
            "100 % is 1,000 clients, 1,000,000 time entries, 20,000 invoices with 100,000 items, 50,000 comments and activities. 10,000 clients with 5 million entries: --scales 10 --entries-per-client 500.",
        // For developers measuring portalgen, not for running it: left out of `portalgen --help`.
        shouldDisplay: false
    )

    @Option(help: "Comma-separated sizes relative to 100 %.")
    var scales: String = "0.1,0.3,1"

    @Option(help: "Time entries of each client (100 % has 1,000 clients).")
    var entriesPerClient: Int = 1000

    @Option(help: "Database changes whose commit-to-event latency is measured, per size.")
    var changes: Int = 50

    @Option(help: "Working folder (databases and output; the previous run's is removed at the end).")
    var folder: String = ".build-bench"

    @Option(
        help: ArgumentHelp(
            "Run on this PostgreSQL database instead of SQLite: a URI whose database has TimeTracker's schema. EVERY ROW IN IT IS REPLACED.",
            valueName: "postgresql-uri"))
    var source: String?

    @Option(
        help: ArgumentHelp(
            "With --source: a hot standby of it (made with `pg_basebackup -R`). Builds and the daemon read the standby; changes are committed on --source, where the daemon also listens with --triggers (\"notifyDatabase\").",
            valueName: "postgresql-uri"))
    var standby: String?

    @Flag(help: "Install the triggers of `portalgen triggers` (NOTIFY on PostgreSQL, the change log on SQLite), so the daemon is told which clients changed.")
    var triggers = false

    @Flag(help: "SQLite in rollback-journal mode, TimeTracker's default, instead of WAL.")
    var rollbackJournal = false

    @Flag(help: "Make the PDFs of invoices, quotes and statements too (needs WeasyPrint); the table then counts them.")
    var pdf = false

    /// Writes a line of the results at once, also into a pipe (`| tee`): a run takes minutes. Each phase is said on stderr.
    static func line(_ text: String) { FileHandle.standardOutput.write(Data((text + "\n").utf8)) }

    func run() async throws {
        let sizes = scales.split(separator: ",").compactMap { Double($0.trimmingCharacters(in: .whitespaces)) }
        guard !sizes.isEmpty, sizes.allSatisfy({ $0 > 0 && $0 <= 10 }) else { throw ValidationError("--scales takes numbers like 0.1,0.3,1 (up to 10)") }
        guard (10...100_000).contains(entriesPerClient) else { throw ValidationError("--entries-per-client takes 10 to 100000") }
        let executable = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().path
        let root = URL(fileURLWithPath: folder).standardizedFileURL
        Self.line(
            "portalgen bench: \(ProcessInfo.processInfo.activeProcessorCount) cores, \(ProcessInfo.processInfo.physicalMemory / 1_073_741_824) GiB, \(executable)"
        )
        Self.line(
            "| size | clients | entries | generate s | full build s | pages | pages/s | MB written | peak RSS MiB | no-change s | files written | new row → event p50 / p95 / max ms | edit or deletion → event p50 / p95 / max ms |"
        )
        Self.line("|---|---|---|---|---|---|---|---|---|---|---|---|---|")
        // The previous run's gigabyte is deleted only after measuring, and the next run waits until five
        // minutes after that: ext4 without a journal does not reuse an inode for 60 s after its deletion
        // (300 s while its inode table block is not written back), and every file created meanwhile steps
        // over all such inodes. A first build never meets that.
        let previous = root.appendingPathExtension("previous")
        let deleted = root.appendingPathExtension("deleted")
        try? FileManager.default.removeItem(at: previous)
        let hasPrevious = (try? FileManager.default.moveItem(at: root, to: previous)) != nil
        defer {
            if hasPrevious, (try? FileManager.default.removeItem(at: previous)) != nil {
                _ = FileManager.default.createFile(atPath: deleted.path, contents: nil)
            }
        }
        try await Self.waitForDeletionsToSettle(since: deleted)
        for scale in sizes {
            try await measure(scale: scale, executable: executable, root: root.appendingPathComponent("size-\(scale)"))
        }
    }

    /// Where the bench logs what the daemon's helpers say: standard error, beside its progress lines, so that
    /// standard output holds the results table alone.
    static let logger = Logger(label: "portalgen.bench") { StreamLogHandler.standardError(label: $0) }

    /// Waits until `standby` has replayed everything `primary` had written when called (up to ten minutes),
    /// as `serve` waits for a notified change (``Replication/caughtUp()``, which gives up after two minutes).
    static func waitForReplay(of primary: DatabaseLocation, on standby: DatabaseLocation) async throws {
        let replication = Replication(standby: standby, primary: primary, logger: logger)
        let started = ContinuousClock.now
        while !(await replication.caughtUp()) {
            guard ContinuousClock.now - started < .seconds(600) else {
                throw BenchError(message: "the standby did not replay the primary's writes within ten minutes; is it streaming from --source?")
            }
            try await Task.sleep(for: .milliseconds(200))
        }
    }

    /// Sleeps until five minutes after the previous run's deletion, recorded by `marker`'s date.
    static func waitForDeletionsToSettle(since marker: URL) async throws {
        let attributes = try? FileManager.default.attributesOfItem(atPath: marker.path)
        guard let deletedAt = attributes?[.modificationDate] as? Date else { return }
        let wait = 300 - Date().timeIntervalSince(deletedAt)
        guard wait > 0 else { return }
        printError(
            "waiting \(Int(wait.rounded(.up))) s: the previous run deleted its files \(Int(300 - wait)) s ago, and ext4 creates files slowly for five minutes after mass deletions"
        )
        try await Task.sleep(for: .seconds(wait))
    }

    func measure(scale: Double, executable: String, root: URL) async throws {
        try? FileManager.default.removeItem(at: root)
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        var options = DemoOptions()
        options.clients = max(1, Int((1000 * scale).rounded()))
        options.entriesPerClient = entriesPerClient
        options.invoicesPerClient = 20
        options.itemsPerInvoice = 5
        options.commentsPerClient = 25
        options.activityEvery = 40
        options.days = 365
        options.now = LocalDateTime(text: "2026-11-20 16:45:12")!
        options.journalMode = rollbackJournal ? "delete" : "wal"
        let database: DatabaseLocation =
            try source.map { try DatabaseLocation.parse($0) { URL(fileURLWithPath: $0) } } ?? .sqlite(root.appendingPathComponent("timetracker.sqlite"))
        guard database.sqlitePath != nil || source != nil else { throw ValidationError("--source takes a postgresql:// URI") }
        let replica = try standby.map { try DatabaseLocation.parse($0) { URL(fileURLWithPath: $0) } }
        guard standby == nil || (source != nil && replica?.sqlitePath == nil) else {
            throw ValidationError("--standby takes the postgresql:// URI of a hot standby of --source")
        }
        let generateStart = Date()
        let percent = "\(Int(scale * 100)) %"
        printError(
            "\(percent): writing \(options.clients) clients and \(options.clients * options.entriesPerClient) time entries into \(source ?? database.sqlitePath!)"
        )
        try DemoGenerator(options: options).write(to: database, replace: true)
        // Without --triggers, ones an earlier run left in a --source database are removed: they would be measured.
        let writer = try SourceWriter(location: database)
        for statement in TriggerScript.statements(try PortalDatabase(location: database), drop: !triggers) { try writer.execute(statement) }
        if let replica {
            printError("\(percent): waiting for the standby to replay the generated data")
            try await Self.waitForReplay(of: database, on: replica)
        }
        let generateSeconds = Date().timeIntervalSince(generateStart)
        let config = root.appendingPathComponent("config.json")
        var object: [String: Any] = [
            "database": standby ?? source ?? database.sqlitePath!, "output": root.appendingPathComponent("output").path, "today": "2026-11-20",
            "server": ["port": 0, "pollMilliseconds": 50, "heartbeatSeconds": 15], "pdf": pdf,
        ]
        if standby != nil, triggers { object["notifyDatabase"] = source }
        try JSONSerialization.data(withJSONObject: object).write(to: config)

        printError("\(percent): full build")
        let full = try MeasuredProcess.run(executable, ["build", "--config", config.path])
        guard full.status == 0 else { throw BenchError(message: "full build failed: \(full.stdout)") }
        let pages = Self.number(before: " pages", in: full.stdout)
        if pdf { Self.line("\(Int(scale * 100)) %: \(Self.number(before: " PDFs made", in: full.stdout)) PDFs made in the full build") }
        let bytes = Self.bytes(under: OutputFolder(root.appendingPathComponent("output")).sites)
        printError("\(percent): build with no change, then changes through the daemon")
        let again = try MeasuredProcess.run(executable, ["build", "--config", config.path])
        let written = Self.number(before: " files written", in: again.stdout)
        let latencies = try await latency(executable: executable, config: config, database: database, clients: options.clients)
        let sorted = latencies.inserts.sorted()
        let edits = latencies.edits.sorted()
        func percentile(_ p: Double, _ sorted: [Double]) -> Double {
            sorted.isEmpty ? .nan : sorted[min(sorted.count - 1, Int((Double(sorted.count) * p).rounded(.up)) - 1)]
        }
        let row = [
            "\(Int(scale * 100)) %", "\(options.clients)", "\(options.clients * options.entriesPerClient)", String(format: "%.1f", generateSeconds),
            String(format: "%.2f", full.seconds), "\(pages)", String(format: "%.0f", Double(pages) / full.seconds),
            String(format: "%.0f", Double(bytes) / 1_048_576),
            String(format: "%.0f", full.peakMiB), String(format: "%.2f", again.seconds), "\(written)",
            String(format: "%.0f / %.0f / %.0f", percentile(0.5, sorted), percentile(0.95, sorted), sorted.last ?? .nan),
            String(format: "%.0f / %.0f / %.0f", percentile(0.5, edits), percentile(0.95, edits), edits.last ?? .nan),
        ]
        Self.line("| " + row.joined(separator: " | ") + " |")
    }

    /// Starts the daemon, subscribes to a few clients, commits `changes` comments (new rows), then a fifth as
    /// many edits in place of old time entries and as many deletions of those comments, and times each until the `rebuilt` event reaches the
    /// subscriber of the changed client.
    func latency(executable: String, config: URL, database: DatabaseLocation, clients: Int) async throws -> (inserts: [Double], edits: [Double]) {
        let log = config.deletingLastPathComponent().appendingPathComponent("daemon.out")
        let daemon = try SpawnedProcess(executable, ["serve", "--config", config.path, "--log-level", "warning"], stdout: .file(log.path))
        defer {
            daemon.signal()
            _ = daemon.waitBlocking(timeout: .seconds(120))
        }
        var port = 0
        for _ in 0..<600 where port == 0 {
            let text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
            if let range = text.range(of: "127.0.0.1:") { port = Int(text[range.upperBound...].prefix { $0.isNumber }) ?? 0 }
            try await Task.sleep(for: .milliseconds(100))
        }
        guard port > 0 else { throw BenchError(message: "the daemon did not start") }
        let livePort = port
        let reader = try PortalDatabase(location: database)
        let writer = try SourceWriter(location: database)
        let targets: [(id: Int64, project: Int64, slug: String)] = try reader.read { db in
            let ids = try db.ints("SELECT id FROM clients ORDER BY id LIMIT 5")
            return try ids.map { id in (id, try db.int("SELECT min(id) FROM projects WHERE client_id = :c", ["c": .int(id)])!, "") }
        }
        // Edits go to time entries, so only to clients whose portal shows them.
        let showsEntries = Set(
            try reader.read { db in
                try db.ints(
                    "SELECT c.id FROM clients c LEFT JOIN client_portal_customizations k ON k.client_id = c.id WHERE coalesce(k.show_time_entries, TRUE) IS TRUE"
                )
            })
        let at = writer.dialect.dateTime(parameter: "at")
        let created = writer.dialect.dateTime(parameter: "created")
        let slugs =
            try JSONSerialization.jsonObject(
                with: Data(contentsOf: OutputFolder(config.deletingLastPathComponent().appendingPathComponent("output")).slugRegistry))
            as? [String: String] ?? [:]
        let arrivals = Arrivals()
        let client = HTTPClient.shared
        // Wait for the daemon's start-up build (which writes nothing) before subscribing.
        try await Task.sleep(for: .seconds(1))
        let subscriptions = Task {
            await withTaskGroup(of: Void.self) { group in
                for target in targets {
                    guard let slug = slugs[String(target.id)] else { continue }
                    group.addTask {
                        var request = HTTPClientRequest(url: "http://127.0.0.1:\(livePort)/live/\(slug)")
                        request.method = .GET
                        guard let response = try? await client.execute(request, timeout: .hours(1)) else { return }
                        do {
                            for try await buffer in response.body where String(buffer: buffer).contains("event: rebuilt") {
                                await arrivals.record(slug)
                            }
                        } catch {}
                    }
                }
            }
        }
        defer { subscriptions.cancel() }
        try await Task.sleep(for: .seconds(1))
        /// Commits `change` for `target` and returns the milliseconds until its subscriber hears `rebuilt`.
        func measure(_ target: (id: Int64, project: Int64, slug: String), _ sql: String, _ arguments: [String: SourceValue]) async throws -> Double? {
            guard let slug = slugs[String(target.id)] else { return nil }
            let seen = await arrivals.count(slug)
            let committed = ContinuousClock.now
            try writer.execute(sql, arguments)
            while await arrivals.count(slug) == seen {
                if ContinuousClock.now - committed > .seconds(30) { throw BenchError(message: "no live event within 30 s for \(slug)") }
                try await Task.sleep(for: .milliseconds(1))
            }
            let elapsed = ContinuousClock.now - committed
            try await Task.sleep(for: .milliseconds(150))
            return Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
        }
        var inserts: [Double] = []
        for index in 0..<changes {
            let target = targets[index % targets.count]
            let latency = try await measure(
                target,
                "INSERT INTO comments (content, project_id, user_id, is_internal, is_client_comment, created_at, updated_at) VALUES (:content, :project, 1, FALSE, FALSE, \(created), \(at))",
                [
                    "content": .text("Benchmark change \(index)"), "project": .int(target.project),
                    "created": .text("2026-11-20 16:\(10 + index % 40):00.000000"),
                    "at": .text("2026-11-20 16:00:00.000000"),
                ])
            if let latency { inserts.append(latency) }
        }
        try await idleStreams(daemon: daemon.pid, port: livePort, slugs: Array(slugs.values).sorted(), count: min(clients, 10_000))
        var edits: [Double] = []
        let editTargets = targets.filter { showsEntries.contains($0.id) }
        for index in 0..<(editTargets.isEmpty ? 0 : max(1, changes / 5)) {
            let target = editTargets[index % editTargets.count]
            let latency = try await measure(
                target,
                """
                UPDATE time_entries SET notes = :notes, updated_at = \(at) WHERE id = (SELECT min(id) FROM time_entries
                 WHERE project_id IN (SELECT id FROM projects WHERE client_id = :c AND status = 'active') AND end_time IS NOT NULL)
                """,
                ["notes": .text("Benchmark edit \(index)"), "at": .text("2026-11-21 09:\(10 + index % 50):00.000000"), "c": .int(target.id)])
            if let latency { edits.append(latency) }
        }
        for index in 0..<max(1, changes / 5) {
            let target = targets[index % targets.count]
            let latency = try await measure(target, "DELETE FROM comments WHERE content = :content", ["content": .text("Benchmark change \(index)")])
            if let latency { edits.append(latency) }
        }
        return (inserts, edits)
    }

    /// Opens `count` `/live` streams that stay idle (as many open tabs), and says the daemon's resident memory
    /// before and with them. Both processes need that many descriptors: the limit is raised to the hard one.
    func idleStreams(daemon: pid_t, port: Int, slugs: [String], count: Int) async throws {
        guard count > 0, !slugs.isEmpty else { return }
        _ = PortalDaemon.raiseOpenFileLimit(logger: Self.logger)
        let before = Self.residentMiB(daemon)
        var sockets: [Int32] = []
        defer { for socket in sockets { close(socket) } }
        for index in 0..<count {
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            guard fd >= 0 else { break }
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = in_port_t(UInt16(port).bigEndian)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            let connected = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
            guard connected == 0 else {
                close(fd)
                break
            }
            let request = Array("GET /live/\(slugs[index % slugs.count]) HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".utf8)
            _ = request.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, 0) }
            sockets.append(fd)
        }
        // Until the daemon counts them (its /metrics), at most 30 s.
        let deadline = ContinuousClock.now + .seconds(30)
        var counted = 0
        while ContinuousClock.now < deadline {
            var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)/metrics")
            request.method = .GET
            if let response = try? await HTTPClient.shared.execute(request, timeout: .seconds(10)),
                let body = try? await response.body.collect(upTo: 1 << 20),
                let line = String(buffer: body).split(separator: "\n").first(where: { $0.hasPrefix("portalgen_live_connections ") }),
                let value = Double(line.split(separator: " ").last ?? "")
            {
                counted = Int(value)
                if counted >= sockets.count { break }
            }
            try await Task.sleep(for: .milliseconds(250))
        }
        try await Task.sleep(for: .seconds(1))
        let with = Self.residentMiB(daemon)
        Self.line(
            String(
                format: "daemon resident memory: %.0f MiB, %.0f MiB with %d idle /live streams (%d counted; %.1f KiB a stream)", before, with, sockets.count,
                counted, (with - before) * 1024 / Double(max(1, sockets.count))))
    }

    /// A process's resident memory (`VmRSS`), in MiB.
    static func residentMiB(_ pid: pid_t) -> Double {
        let status = (try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8)) ?? ""
        let line = status.split(separator: "\n").first { $0.hasPrefix("VmRSS:") } ?? ""
        return (Double(line.split(separator: " ").dropFirst().first ?? "") ?? 0) / 1024
    }

    static func number(before suffix: String, in text: String) -> Int {
        guard let range = text.range(of: suffix, options: .backwards) else { return 0 }
        let digits = text[..<range.lowerBound].reversed().prefix { $0.isNumber || $0 == "," }
        return Int(String(digits.reversed()).replacingOccurrences(of: ",", with: "")) ?? 0
    }

    static func bytes(under folder: URL) -> Int {
        guard let enumerator = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: [.fileSizeKey]) else { return 0 }
        var total = 0
        for case let url as URL in enumerator { total += (try? url.resourceValues(forKeys: [.fileSizeKey]).fileSize) ?? 0 }
        return total
    }
}

/// When `rebuilt` events arrived, per client.
actor Arrivals {
    private var counts: [String: Int] = [:]
    func record(_ slug: String) { counts[slug, default: 0] += 1 }
    func count(_ slug: String) -> Int { counts[slug] ?? 0 }
}

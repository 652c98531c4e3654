import Foundation
import Synchronization

/// Builds client portals: reads each client's snapshot through its scope, renders it with its theme and
/// publishes it atomically. Clients build in parallel, at most one per core; a failing client never stops
/// the others and keeps its previous site.
package final class PortalBuilder: Sendable {
    package let configuration: PortalConfiguration
    /// The portal the builder builds; its connection is the first of ``databases``.
    package let portal: Portal
    /// One read-only connection per worker.
    let databases: [PortalDatabase]
    /// The themes of the last build, by name, with the stamp of the themes folder they were loaded from.
    private let loadedThemes = Mutex<[ThemeKey: (stamp: String, theme: Theme)]>([:])
    /// The PDF engine of the current build; nil when PDFs are off or WeasyPrint cannot run.
    private let printer = Mutex<PDFEngine?>(nil)
    /// The connection the last build read its input digests on, kept for the next (the daemon's one-client
    /// builds spent 15 ms of their 250 opening one); a build takes it, and gives it back after a good read.
    private let digestConnection = Mutex<PortalDatabase?>(nil)

    /// `workers`: clients built at once, one connection each (measured: two per core on PostgreSQL gains nothing
    /// on two cores, where the server's work competes for the same cores).
    package init(configuration: PortalConfiguration, workers: Int = ProcessInfo.processInfo.activeProcessorCount) throws {
        self.configuration = configuration
        portal = try Portal(configuration: configuration)
        databases = try [portal.database] + (1..<max(1, workers)).map { _ in try PortalDatabase(location: configuration.database) }
    }

    package var database: PortalDatabase { portal.database }

    /// Builds the named clients (ids or slugs), or all qualifying clients and removes sites of clients that
    /// no longer qualify.
    /// `force` renders every client even when its input did not change (nightly runs, `build --force`): it
    /// catches edits that move no fingerprint, since unchanged bytes are still never rewritten.
    /// `directory` is the clients and accounts when the caller has just read them, recording slugs (the daemon's
    /// queue reads them to decide whether a batch must be a full build); nil reads them.
    package func build(
        only selectors: [String]? = nil, now: Date = Date(), force: Bool = false, directory: ClientDirectory.Portals? = nil,
        progress: @escaping @Sendable (ClientBuildResult, _ done: Int, _ total: Int) -> Void = { _, _, _ in }
    ) async throws -> BuildReport {
        let started = Date()
        var printProblem: String?
        if configuration.pdf {
            switch await PDFEngine.shared(workers: databases.count) {
            case .success(let engine): printer.withLock { $0 = engine }
            case .failure(let error): printProblem = error.advice
            }
        }
        let settings = try portal.settings()
        let (all, accounts) = try directory ?? portal.clientsAndAccounts(recordingSlugs: true)
        var selected = all
        var unknown: [String] = []
        if let selectors, !selectors.isEmpty {
            selected = []
            for selector in selectors {
                if let client = all.selected(by: selector) {
                    if !selected.contains(client) { selected.append(client) }
                } else {
                    unknown.append(selector)
                }
            }
        }
        let publisher = Publisher(output: configuration.output)
        try FileManager.default.createDirectory(at: configuration.output, withIntermediateDirectories: true)
        publisher.removeLeftovers()
        let themes = loadThemes(Set(selected.map(\.themeKey)))
        let today = portal.today(now: now, settings: settings)
        let sites = Task { [slugs = selected.map(\.slug)] in publisher.liveSites(slugs) }
        let (inputs, digests) = try await startInputDigests(selected, themes: themes, today: today)
        // Every client's activity feed in one read (``ClientScope/allActivities(_:)``) for a large build on
        // PostgreSQL, made when the first client needs rendering (a build that changes nothing never reads
        // it); nil (each client reads its own) otherwise or when that read fails.
        let activities = database.dialect == .postgres && selected.count > 50 ? ActivityFeeds(database: database) : nil
        let results = await buildInParallel(
            selected, themes: themes, inputs: force ? nil : inputs, digests: digests, sites: sites, activities: activities, publisher: publisher, today: today,
            now: now, progress: progress)
        let values = try await inputs.value  // a database that cannot be read fails the build, as before
        // Sites published before their digest was known get it now, so the next build can skip them.
        for result in results where result.publish != nil && result.publishedInput == nil {
            guard let input = values[result.clientID], let lock = try? BuildLock(output: configuration.output, slug: result.slug) else { continue }
            publisher.remember(input: input, slug: result.slug, build: result.publish!.buildID)
            lock.release()
        }

        var removed: [String] = []
        var reload: BuildReport.ProxyReloadOutcome?
        if selectors?.isEmpty ?? true {
            // The proxy's login map follows TimeTracker's portal users at every full build (timetracker sign-in
            // needs none: the daemon answers nginx itself).
            var mapChanged = false
            if configuration.proxy.mode != "timetracker" {
                mapChanged = try NginxConfig(configuration: configuration).writeMap(PortalLogins.make(accounts: accounts, clients: all))
            }
            let live = Set(all.map(\.slug))
            for slug in publisher.publishedSlugs() where !live.contains(slug) {
                let lock = try? BuildLock(output: configuration.output, slug: slug)
                try? publisher.unpublish(slug: slug)
                lock?.release()
                removed.append(slug)
            }
            if mapChanged, let command = configuration.proxy.reloadCommand {
                reload = await ProxyReload.run(command).map { .failed($0) } ?? .reloaded
            }
        }
        var report = BuildReport(clients: results, removed: removed, unknown: unknown, proxyReload: reload, seconds: Date().timeIntervalSince(started))
        report.printProblem = printProblem
        report.pdfsMade = results.reduce(0) { $0 + $1.pdfsMade }
        return report
    }

    /// Starts reading the input digests on a thread and connection of their own, and returns once their
    /// database snapshot is taken: the workers render and publish clients that have no site yet (a first
    /// build) meanwhile, and only skipping a published client waits for its digest. Taking the snapshot
    /// before any client is read means a digest never describes newer data than its site shows (which
    /// would skip the client until its data moved again).
    ///
    /// The task's value is every digest; `digests` holds them as soon as they are read, for the workers,
    /// which never suspend while there are clients left (the task itself resumes only after them).
    func startInputDigests(
        _ clients: [PortalClient], themes: [ThemeKey: Result<Theme, ThemeError>], today: CalendarDate
    ) async throws -> (task: Task<[Int64: String], any Error>, digests: InputDigests) {
        let digests = InputDigests()
        guard !clients.isEmpty else { return (Task { [:] }, digests) }
        let database = try digestConnection.withLock { $0.take() } ?? PortalDatabase(location: configuration.database)
        let (snapshotTaken, reading) = AsyncStream<Void>.makeStream()
        let task = Task {
            try await BackgroundThread.run {
                defer { reading.finish() }  // also when the read fails
                let values = try self.inputDigests(clients, themes: themes, today: today, database: database) { reading.finish() }
                digests.set(values)
                self.digestConnection.withLock { $0 = database }
                return values
            }
        }
        for await _ in snapshotTaken {}
        return (task, digests)
    }

    /// What each client's site is built from: its data fingerprint, the shared data, the day, its theme and
    /// its settings. Equal digests mean equal pages, so such clients are skipped without reading them.
    /// `reading` is called once the database snapshot they describe is taken.
    func inputDigests(
        _ clients: [PortalClient], themes: [ThemeKey: Result<Theme, ThemeError>], today: CalendarDate, database: PortalDatabase,
        reading: () -> Void = {}
    ) throws -> [Int64: String] {
        let fingerprint: ClientFingerprint
        if clients.count > 50 {
            // Whole-database read: start from the last one, so an unchanged time_entries table is not re-aggregated.
            let file = configuration.outputFolder.fingerprint
            let previous = (try? Data(contentsOf: file)).flatMap { try? JSONDecoder().decode(ClientFingerprint.self, from: $0) }
            fingerprint = try ClientFingerprint.read(database, previous: previous, reading: reading)
            if let data = try? JSONEncoder().encode(fingerprint) { try? data.write(to: file, options: .atomic) }
        } else {
            fingerprint = try ClientFingerprint.read(database, only: Set(clients.map(\.id)), reading: reading)
        }
        let shared =
            "\(Self.formatVersion)|\(today.iso)|\(configuration.pageSize)|\(configuration.timetrackerURL ?? "")|\(configuration.proxy.mode)|\(fingerprint.global)|\(printer.withLock { $0?.version } ?? "no PDF")"
        var digests: [Int64: String] = [:]
        for client in clients {
            guard case .success(let theme) = themes[client.themeKey], let data = fingerprint.clients[client.id] else { continue }
            let settings = client.settings.map { String(describing: $0) } ?? ""
            digests[client.id] = ShortDigest.of([shared, data, theme.digest, client.slug, settings, client.shown.description])
        }
        return digests
    }

    /// The digest of what this portalgen writes for the demo (every file of every client, default theme), so
    /// sites built by a portalgen that wrote them differently are rendered again. `FormatVersionTests` computes
    /// it and names the new value when a page model, a CSV, an e-invoice or a template changes what is written.
    static let formatVersion = "d44cd101b5388b20"

    /// Loads each theme once; a broken theme is remembered as its error and fails only its clients.
    /// A theme whose files did not change since this builder's last build keeps its stencils, so the
    /// daemon's small batches are filled rather than rendered by Mustache.
    func loadThemes(_ keys: Set<ThemeKey>) -> [ThemeKey: Result<Theme, ThemeError>] {
        let library = ThemeLibrary(folder: configuration.themes)
        // The built-in themes never change under a running process; the folder's files are stamped.
        let stamp = ThemeLibrary.stamp(of: configuration.themes)
        var themes: [ThemeKey: Result<Theme, ThemeError>] = [:]
        for key in keys {
            do {
                if let earlier = loadedThemes.withLock({ $0[key] }), earlier.stamp == stamp {
                    themes[key] = .success(earlier.theme)
                    continue
                }
                let theme = try library.load(key.name, locale: key.locale)
                // The same files make the same theme: keep the one loaded before, with the stencils and the
                // row templates its earlier builds parsed (a daemon's one-client build spent a third of its
                // time loading and parsing them again).
                let kept = loadedThemes.withLock { loaded -> Theme in
                    let kept = loaded[key].map(\.theme).flatMap { $0.digest == theme.digest ? $0 : nil } ?? theme
                    loaded[key] = (stamp, kept)
                    return kept
                }
                themes[key] = .success(kept)
            } catch let error as ThemeError {
                themes[key] = .failure(error)
            } catch {
                themes[key] = .failure(ThemeError(theme: key.name, message: "\(error)"))
            }
        }
        return themes
    }

    /// Builds `clients` on one worker per database connection. A client whose published site (in `sites`) was
    /// built from the same input is skipped, unless `inputs` is nil (a forced build).
    func buildInParallel(
        _ clients: [PortalClient], themes: [ThemeKey: Result<Theme, ThemeError>], inputs: Task<[Int64: String], any Error>?, digests: InputDigests,
        sites: Task<[String: LiveSite], Never>, activities: ActivityFeeds? = nil, publisher: Publisher, today: CalendarDate, now: Date,
        progress: @escaping @Sendable (ClientBuildResult, Int, Int) -> Void
    ) async -> [ClientBuildResult] {
        let counters = Counters()
        return await withTaskGroup(of: [ClientBuildResult].self) { group in
            // Fewer clients than workers (the daemon's usual batch): the idle cores help render those clients' pages,
            // and each client is read while its input digest is, instead of after it.
            let lanes = max(1, databases.count / max(1, clients.count))
            let readEarly = clients.count <= databases.count && activities == nil
            for database in databases.prefix(clients.count) {
                group.addTask {
                    var results: [ClientBuildResult] = []
                    while true {
                        let index = counters.next.withLock { value -> Int in
                            defer { value += 1 }
                            return value
                        }
                        guard index < clients.count else { break }
                        let client = clients[index]
                        let result: ClientBuildResult
                        let site = inputs == nil ? nil : await sites.value[client.slug]
                        // A site that may be skipped waits for its digest; a small batch reads the client meanwhile.
                        let early = site != nil && readEarly ? Task { await self.read(client, database: database, activities: nil) } : nil
                        if let inputs, let site, let input = (try? await inputs.value)?[client.id], site.input == input {
                            _ = await early?.value  // the connection is free for the next client only once read
                            result = ClientBuildResult(
                                clientID: client.id, slug: client.slug, pages: site.pages, files: site.files,
                                publish: PublishResult(buildID: site.build, written: 0, unchanged: site.files, removed: 0, changedPaths: [], bytesWritten: 0),
                                skippedRows: [], warnings: [], error: nil, seconds: 0, publishedInput: input, rendered: false)
                        } else {
                            let feeds = await activities?.value()
                            result = await self.build(
                                client, database: database, theme: themes[client.themeKey]!, publisher: publisher, today: today, now: now,
                                input: { digests.value?[client.id] }, activities: feeds.map { $0[client.id] ?? [] }, snapshot: await early?.value, lanes: lanes)
                        }
                        let count = counters.done.withLock { value -> Int in
                            value += 1
                            return value
                        }
                        progress(result, count, clients.count)
                        results.append(result)
                    }
                    return results
                }
            }
            var all: [ClientBuildResult] = []
            for await part in group { all += part }
            return all.sorted { $0.slug < $1.slug }
        }
    }

    /// Builds one client; `input` gives its input digest, stored with the site, if already known when publishing;
    /// `activities` its activity feed when read for every client at once; `snapshot` the client's read when made
    /// already. Every failure is caught and reported in the result.
    func build(
        _ client: PortalClient, database: PortalDatabase, theme: Result<Theme, ThemeError>, publisher: Publisher, today: CalendarDate, now: Date,
        input: () -> String?, activities: [ActivityRecord]? = nil, snapshot: Result<ClientSnapshot?, any Error>? = nil, lanes: Int
    ) async -> ClientBuildResult {
        let started = Date()
        var result = ClientBuildResult(
            clientID: client.id, slug: client.slug, pages: 0, files: 0, publish: nil, skippedRows: [], warnings: [], error: nil, seconds: 0)
        await buildSteps(
            client, into: &result, database: database, theme: theme, publisher: publisher, today: today, now: now, input: input, activities: activities,
            snapshot: snapshot, lanes: lanes)
        result.seconds = Date().timeIntervalSince(started)
        return result
    }

    private func buildSteps(
        _ client: PortalClient, into result: inout ClientBuildResult, database: PortalDatabase, theme: Result<Theme, ThemeError>, publisher: Publisher,
        today: CalendarDate, now: Date, input: () -> String?, activities: [ActivityRecord]?, snapshot: Result<ClientSnapshot?, any Error>?,
        lanes: Int
    ) async {
        let loaded: Theme
        switch theme {
        case .success(let theme): loaded = theme
        case .failure(let error):
            result.error = BuildFailure(client, .theme, error)
            return
        }
        let read = if let snapshot { snapshot } else { await self.read(client, database: database, activities: activities) }
        let snapshot: ClientSnapshot?
        switch read {
        case .success(let value): snapshot = value
        case .failure(let error):
            result.error = BuildFailure(client, .read, error)
            return
        }
        guard let snapshot else {
            result.error = BuildFailure(
                clientID: client.id, slug: client.slug, stage: .read,
                cause: "client \(client.id) disappeared from the database during the build; it is removed at the next full build")
            return
        }
        var site = render(client, snapshot: snapshot, theme: loaded, today: today, lanes: lanes)
        if let engine = printer.withLock({ $0 }) {
            // Documents get their PDFs before the pages publish: both go live in one swap. A page whose PDF
            // failed is rendered again without its link, and the client's build goes on.
            let printed = await PrintedDocuments(
                engine: engine, cache: configuration.state.appendingPathComponent("pdf").appendingPathComponent(client.slug),
                paper: client.settings?.paper.flatMap(PaperSize.init(named:)) ?? configuration.paper ?? PaperSize(region: client.locale.region)
            ).make(site.documents, from: site.files)
            if !printed.failed.isEmpty {
                site = render(client, snapshot: snapshot, theme: loaded, today: today, lanes: lanes, withoutPDF: Set(printed.failed.keys))
                site.warnings += printed.failed.sorted { $0.key < $1.key }.map { "\($0.key): no PDF (\($0.value))" }
            }
            site.files += printed.files
            result.pdfsMade = printed.made
            for year in site.archiveYears {
                do {
                    if let archive = try YearArchive.make(year, from: site.files, title: "\(client.name) — \(year.year)") { site.files.append(archive) }
                } catch {
                    site.warnings.append("archive/\(year.year).zip: not made (\(error))")
                }
            }
        }
        result.skippedRows = site.skippedRows
        result.warnings = site.warnings
        result.pages = site.pages
        result.files = site.files.count
        do {
            let lock = try BuildLock(output: configuration.output, slug: client.slug)
            defer { lock.release() }
            let input = input()
            result.publish = try publisher.publish(
                slug: client.slug, files: site.files, input: input)
            result.publishedInput = input
        } catch {
            result.error = BuildFailure(client, .publish, error)
        }
    }

    /// Reads one client through its scope: nil when the client is gone.
    func read(_ client: PortalClient, database: PortalDatabase, activities: [ActivityRecord]?) async -> Result<ClientSnapshot?, any Error> {
        let scope = ClientScope(clientID: client.id, activities: activities, billing: client.shown.readsBilling)
        // PostgreSQL answers over the network: wait for it on a thread of its own, so the cooperative pool
        // (one thread per core) keeps rendering other clients meanwhile. SQLite reads in-process.
        guard database.dialect == .postgres else { return Result { try scope.snapshot(from: database) } }
        return await BackgroundThread.run { Result { try scope.snapshot(from: database) } }
    }

    /// One client's site, read through its scope and rendered, before publishing; nil when the client is gone.
    func render(
        _ client: PortalClient, database: PortalDatabase, theme: Theme, today: CalendarDate, lanes: Int = 1, recorder: ContextRecorder? = nil
    ) throws -> RenderedSite? {
        guard let snapshot = try ClientScope(clientID: client.id, billing: client.shown.readsBilling).snapshot(from: database) else { return nil }
        return render(client, snapshot: snapshot, theme: theme, today: today, lanes: lanes, recorder: recorder)
    }

    /// One client's site rendered from its snapshot.
    func render(
        _ client: PortalClient, snapshot: ClientSnapshot, theme: Theme, today: CalendarDate, lanes: Int = 1, recorder: ContextRecorder? = nil,
        withoutPDF: Set<String> = []
    ) -> RenderedSite {
        let branding = Branding(
            customization: snapshot.customization, override: client.settings?.branding, trustHTML: client.trustsCustomHTML,
            settings: snapshot.settings, configFolder: configuration.source?.deletingLastPathComponent())
        var site = SiteContext(
            snapshot: snapshot, branding: branding, today: today, pageSize: configuration.pageSize, timetrackerURL: configuration.timetrackerURL,
            localizer: theme.localizer)
        site.uploads = configuration.uploads
        site.signOut = configuration.proxy.mode == "timetracker"
        site.printsPDF = printer.withLock { $0 != nil }
        site.documentMaxBytes = configuration.documentMaxMegabytes * 1_048_576
        site.shown = client.shown
        var part = SitePages.build(site)
        for index in part.pages.indices where withoutPDF.contains(part.pages[index].path) { part.pages[index].printName = nil }
        var renderer = SiteRenderer(theme: theme)
        renderer.recorder = recorder
        return RenderedSite(
            files: renderer.render(site, pages: part.pages, files: part.files, lanes: lanes), pages: part.pages.count,
            documents: site.printsPDF ? part.pages.filter { $0.printName != nil } : [],
            archiveYears: ArchiveYear.all(
                site, statementPages: Set(part.pages.compactMap { $0.path.hasPrefix("statement/") ? Int($0.path.dropFirst(10).dropLast(5)) : nil })),
            skippedRows: snapshot.problems.map(\.description),
            warnings: branding.warnings.map { "branding: \($0)" }
                + [configuration.clients[client.slug].flatMap { PortalConfiguration.slugKeyedTrustWarning(key: client.slug, $0) }].compactMap { $0 }
                + part.warnings)
    }
}

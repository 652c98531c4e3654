import Foundation
import Synchronization

/// WeasyPrint in long-lived workers, one per core: each imports WeasyPrint once (about 1.5 s) and then turns
/// page after page into PDF/A-3b (about 0.3 s for an invoice), so no document pays for an interpreter start.
///
/// Started once per process and kept: the daemon's rebuilds reuse the workers of its first build. A worker
/// that dies is replaced at the next request.
package final class PDFEngine: Sendable {
    /// What renders the PDFs, for logs and the input digests: `WeasyPrint 70.0`, with `, factur-x 7.8` when
    /// invoices become Factur-X PDFs.
    package let version: String
    /// Whether Akretion's `factur-x` library is there to embed invoices' EN 16931 data.
    package let makesFacturX: Bool
    private let python: String
    private let idle: Mutex<[PDFWorker]>
    private let slots: AsyncSemaphore

    private init(version: String, makesFacturX: Bool, python: String, workers: [PDFWorker]) {
        self.version = version
        self.makesFacturX = makesFacturX
        self.python = python
        idle = Mutex(workers)
        slots = AsyncSemaphore(workers.count)
    }

    /// The engine, started at the first call with `workers` workers; the reason it cannot run otherwise
    /// (WeasyPrint missing), which every later call repeats without trying again.
    package static func shared(workers: Int) async -> Result<PDFEngine, PDFEngineError> {
        let task = started.withLock { task in
            if let task { return task }
            let new = Task { await start(workers: max(1, workers)) }
            task = new
            return new
        }
        return await task.value
    }

    private static let started = Mutex<Task<Result<PDFEngine, PDFEngineError>, Never>?>(nil)

    /// What `check` says of the engine without keeping it: `WeasyPrint 70.0`, or why it cannot run.
    package static func probe() -> Result<String, PDFEngineError> {
        do {
            let worker = try PDFWorker(python: pythonExecutable)
            return .success("WeasyPrint \(worker.version)" + (worker.facturX.map { ", factur-x \($0)" } ?? ""))
        } catch {
            return .failure(PDFEngineError(error))
        }
    }

    /// `PORTALGEN_PYTHON` or `python3` from the `PATH`.
    package static var pythonExecutable: String { ProcessInfo.processInfo.environment["PORTALGEN_PYTHON"] ?? "python3" }

    private static func start(workers count: Int) async -> Result<PDFEngine, PDFEngineError> {
        let python = pythonExecutable
        let results = await withTaskGroup(of: Result<PDFWorker, PDFEngineError>.self) { group in
            for _ in 0..<count {
                group.addTask {
                    do { return .success(try await BackgroundThread.run { try PDFWorker(python: python) }) } catch { return .failure(PDFEngineError(error)) }
                }
            }
            var all: [Result<PDFWorker, PDFEngineError>] = []
            for await result in group { all.append(result) }
            return all
        }
        let workers = results.compactMap { try? $0.get() }
        guard let first = workers.first else {
            if case .failure(let error) = results.first { return .failure(error) }
            return .failure(PDFEngineError(message: "no PDF worker started"))
        }
        let facturX = first.facturX.map { ", factur-x \($0)" } ?? ""
        return .success(PDFEngine(version: "WeasyPrint \(first.version)\(facturX)", makesFacturX: first.facturX != nil, python: python, workers: workers))
    }

    /// Renders the page at `html` (its images and stylesheets in `root`, the only folder it may read) into
    /// `pdf` on `paper`, as a Factur-X invoice carrying `facturX` when given; the number of pages, or what
    /// went wrong.
    package func render(
        html: URL, root: URL, to pdf: URL, paper: PaperSize, facturX: (xml: URL, issued: CalendarDate)? = nil
    ) async throws(PDFEngineError) -> Int {
        await slots.wait()
        defer { slots.signal() }
        var worker = idle.withLock { $0.popLast() }
        if worker == nil || worker?.isRunning == false {
            let python = python
            do { worker = try await BackgroundThread.run { try PDFWorker(python: python) } } catch { throw PDFEngineError(error) }
        }
        let running = worker!
        defer { idle.withLock { $0.append(running) } }
        do {
            return try await BackgroundThread.run {
                try running.render(
                    html: html.path, root: root.path, pdf: pdf.path, paper: paper.rawValue, xml: facturX?.xml.path, issued: facturX?.issued.iso)
            }
        } catch {
            throw PDFEngineError(error)
        }
    }
}

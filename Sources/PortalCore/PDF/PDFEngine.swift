import Foundation
import Synchronization

/// WeasyPrint in long-lived workers, at most one per core: each imports WeasyPrint once (about 1.5 s) and then
/// turns page after page into PDF/A-3b (about 0.3 s for an invoice), so no document pays for an interpreter start.
///
/// Workers start at the first page to print, not with the engine: a build that prints nothing (nothing changed,
/// or every PDF came from the cache) pays only for the probe that reads WeasyPrint's version. Started once per
/// process and kept: the daemon's rebuilds reuse the workers of its first print. A worker that dies is replaced
/// at the next request.
package final class PDFEngine: Sendable {
    /// What renders the PDFs, for logs and the input digests: `WeasyPrint 70.0`, with `, factur-x 7.8` when
    /// invoices become Factur-X PDFs.
    package let version: String
    /// Whether Akretion's `factur-x` library is there to embed invoices' EN 16931 data.
    let makesFacturX: Bool
    private let python: String
    private let idle = Mutex<[PDFWorker]>([])
    private let slots: AsyncSemaphore
    /// Why the last worker could not start, and when: pages asked for within a minute fail with it at once
    /// instead of each waiting for a start that fails the same way.
    private let lastStartFailure = Mutex<(error: PDFEngineError, at: ContinuousClock.Instant)?>(nil)

    private init(probed: PDFWorker, python: String, workers: Int) {
        version = "WeasyPrint \(probed.version)" + (probed.facturX.map { ", factur-x \($0)" } ?? "")
        makesFacturX = probed.facturX != nil
        self.python = python
        slots = AsyncSemaphore(workers)
    }

    /// The engine for `workers` pages at once, probed at the first call; the reason it cannot run otherwise
    /// (WeasyPrint missing), which every later call repeats without trying again.
    package static func shared(workers: Int) async -> Result<PDFEngine, PDFEngineError> {
        let task = started.withLock { task in
            if let task { return task }
            let python = pythonExecutable
            let new = Task {
                await BackgroundThread.run { () -> Result<PDFEngine, PDFEngineError> in
                    Result { try PDFEngine(probed: probing(python), python: python, workers: max(1, workers)) }.mapError(PDFEngineError.init)
                }
            }
            task = new
            return new
        }
        return await task.value
    }

    private static let started = Mutex<Task<Result<PDFEngine, PDFEngineError>, Never>?>(nil)

    /// What `check` says of the engine: `WeasyPrint 70.0, factur-x 7.8`, or why it cannot run.
    package static func probe() -> Result<String, PDFEngineError> {
        Result { try PDFEngine(probed: probing(pythonExecutable), python: pythonExecutable, workers: 1).version }.mapError(PDFEngineError.init)
    }

    private static func probing(_ python: String) throws -> PDFWorker { try PDFWorker(python: python, script: PDFWorkerScript.probe) }

    /// `PORTALGEN_PYTHON` or `python3` from the `PATH`.
    static var pythonExecutable: String { ProcessInfo.processInfo.environment["PORTALGEN_PYTHON"] ?? "python3" }

    /// Renders the page at `html` (its images and stylesheets in `root`, the only folder it may read) into
    /// `pdf` on `paper`, as a Factur-X invoice carrying `facturX` when given; the number of pages, or what
    /// went wrong.
    func render(
        html: URL, root: URL, to pdf: URL, paper: PaperSize, facturX: (xml: URL, issued: CalendarDate)? = nil
    ) async throws(PDFEngineError) -> Int {
        await slots.wait()
        defer { slots.signal() }
        var worker = idle.withLock { $0.popLast() }
        if worker == nil || worker?.isRunning == false {
            worker = try await startWorker()
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

    private func startWorker() async throws(PDFEngineError) -> PDFWorker {
        if let failure = lastStartFailure.withLock({ $0 }), ContinuousClock.now - failure.at < .seconds(60) { throw failure.error }
        let python = python
        do {
            return try await BackgroundThread.run { try PDFWorker(python: python) }
        } catch {
            let failure = PDFEngineError(error)
            lastStartFailure.withLock { $0 = (failure, ContinuousClock.now) }
            throw failure
        }
    }
}

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

/// Why a PDF was not made: the engine could not start or refused the page.
package struct PDFEngineError: Error, CustomStringConvertible, Sendable {
    package var message: String
    package var description: String { message }

    init(message: String) { self.message = message }

    init(_ error: any Error) { message = (error as? PDFEngineError)?.message ?? "\(error)" }

    /// What an admin does about a missing engine.
    package var advice: String {
        "PDFs need WeasyPrint (\(message)): install it with `pip install weasyprint` (or Debian's `apt install weasyprint`), or set \"pdf\": false; pages keep their print button and link no PDF"
    }
}

/// The paper a client's documents are printed on: US Letter where the client's region uses it, A4 elsewhere.
package enum PaperSize: String, Sendable {
    case a4 = "A4"
    case letter

    /// CLDR's paper size by region: Letter in the Americas that use it and the Philippines.
    package init(region: String?) {
        self = ["US", "CA", "MX", "PR", "CL", "CO", "CR", "GT", "PA", "PH", "SV", "VE", "BZ", "DO", "NI"].contains(region ?? "") ? .letter : .a4
    }
}

/// One WeasyPrint process: a request line in, an answer line out.
final class PDFWorker: @unchecked Sendable {
    let version: String
    /// The `factur-x` library's version, nil when it is missing.
    let facturX: String?
    private let process = Process()
    private let input = Pipe()
    private let output = Pipe()
    private var buffer: [UInt8] = []

    /// Starts the worker and waits for its first line: ready, or why not.
    init(python: String) throws {
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [python, "-c", PDFWorkerScript.source]
        process.standardInput = input
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch { throw PDFEngineError(message: "\(python) cannot be started: \(error.localizedDescription)") }
        var buffer: [UInt8] = []
        let first = try Self.answer(Self.readLine(output.fileHandleForReading, &buffer))
        guard let ready = first["ready"] as? String else {
            process.terminate()
            throw PDFEngineError(message: first["error"] as? String ?? "the PDF worker did not start")
        }
        version = ready
        facturX = first["facturx"] as? String
        self.buffer = buffer
    }

    deinit {
        try? input.fileHandleForWriting.close()
        if process.isRunning { process.terminate() }
    }

    var isRunning: Bool { process.isRunning }

    func render(html: String, root: String, pdf: String, paper: String, xml: String?, issued: String?) throws -> Int {
        var fields = ["html": html, "root": root, "pdf": pdf, "paper": paper]
        if let xml, let issued {
            fields["xml"] = xml
            fields["issued"] = issued
        }
        let request = try JSONSerialization.data(withJSONObject: fields, options: [.sortedKeys]) + Data("\n".utf8)
        do { try input.fileHandleForWriting.write(contentsOf: request) } catch { throw PDFEngineError(message: "the PDF worker stopped") }
        let answer = try Self.answer(Self.readLine(output.fileHandleForReading, &buffer))
        if let error = answer["error"] as? String { throw PDFEngineError(message: error) }
        return answer["pages"] as? Int ?? 0
    }

    private static func answer(_ line: String) throws -> [String: Any] {
        guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else {
            throw PDFEngineError(message: "the PDF worker answered \(line.prefix(200).debugDescription)")
        }
        return object
    }

    private static func readLine(_ handle: FileHandle, _ buffer: inout [UInt8]) throws -> String {
        while true {
            if let end = buffer.firstIndex(of: UInt8(ascii: "\n")) {
                let line = String(decoding: buffer[..<end], as: UTF8.self)
                buffer.removeSubrange(...end)
                return line
            }
            let data = handle.availableData
            if data.isEmpty { throw PDFEngineError(message: "the PDF worker stopped") }
            buffer += data
        }
    }
}

/// At most `count` holders at once; the others wait in order.
final class AsyncSemaphore: Sendable {
    private let state: Mutex<(available: Int, waiting: [CheckedContinuation<Void, Never>])>

    init(_ count: Int) { state = Mutex((count, [])) }

    func wait() async {
        await withCheckedContinuation { continuation in
            let ready = state.withLock { state in
                if state.available > 0 {
                    state.available -= 1
                    return true
                }
                state.waiting.append(continuation)
                return false
            }
            if ready { continuation.resume() }
        }
    }

    func signal() {
        let next = state.withLock { state -> CheckedContinuation<Void, Never>? in
            if state.waiting.isEmpty {
                state.available += 1
                return nil
            }
            return state.waiting.removeFirst()
        }
        next?.resume()
    }
}

import Foundation

/// One WeasyPrint process: a request line in, an answer line out, each answer awaited for a bounded time.
///
/// A worker that does not answer in time (WeasyPrint stuck on a page, a library waiting on something that never
/// comes) is killed and reported, so no document can hold a build, or the daemon, for ever; the engine starts a
/// new worker for the next page.
final class PDFWorker: @unchecked Sendable {
    private(set) var version = ""
    /// The `factur-x` library's version, nil when it is missing.
    private(set) var facturX: String?
    private let process: SpawnedProcess
    /// This end of the worker's standard input and output.
    private let input: Int32
    private let output: Int32
    private var buffer: [UInt8] = []
    private var stopped = false
    /// How long a page may take; the worker is killed after.
    private let patience: Duration

    /// How long WeasyPrint may take to start (importing it and its libraries takes about 1.5 s) and to print one
    /// page (an invoice takes 0.3 s, a statement of many years a few seconds).
    static let startPatience: Duration = .seconds(60)
    static let pagePatience: Duration = .seconds(120)

    /// A worker that died while a request was written to it must be an error, not the end of this process.
    private static let brokenPipesIgnored: Void = { _ = signal(SIGPIPE, SIG_IGN) }()

    /// Starts the worker running `script` (the printer, or the probe that only answers its first line) and waits
    /// for its first line: ready, or why not.
    init(
        python: String, script: String = PDFWorkerScript.source, patience: Duration = pagePatience, startPatience: Duration = startPatience
    ) throws {
        Self.brokenPipesIgnored
        self.patience = patience
        var toWorker: [Int32] = [-1, -1]
        var fromWorker: [Int32] = [-1, -1]
        guard pipe(&toWorker) == 0 else { throw PDFEngineError(message: "no pipe for the PDF worker: \(String(cString: strerror(errno)))") }
        guard pipe(&fromWorker) == 0 else {
            close(toWorker[0])
            close(toWorker[1])
            throw PDFEngineError(message: "no pipe for the PDF worker: \(String(cString: strerror(errno)))")
        }
        for descriptor in toWorker + fromWorker { _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC) }
        input = toWorker[1]
        output = fromWorker[0]
        do {
            process = try SpawnedProcess(
                "/usr/bin/env", [python, "-c", script], stdin: .descriptor(toWorker[0]), stdout: .descriptor(fromWorker[1]))
        } catch {
            for descriptor in toWorker + fromWorker { close(descriptor) }
            throw PDFEngineError(message: "\(python) cannot be started: \(error)")
        }
        close(toWorker[0])
        close(fromWorker[1])
        let first: [String: Any]
        do {
            first = try Self.answer(readLine(within: startPatience, doing: "start"))
        } catch {
            stop()
            throw error
        }
        guard let ready = first["ready"] as? String else {
            stop()
            throw PDFEngineError(message: first["error"] as? String ?? "the PDF worker did not start")
        }
        version = ready
        facturX = first["facturx"] as? String
    }

    deinit {
        // End of input: the worker's loop ends and it exits (a stuck one was killed when it was stopped).
        close(input)
        close(output)
    }

    /// Whether the worker can take another page (it has not been killed, and has not ended on its own).
    var isRunning: Bool { !stopped && process.isRunning }

    func render(html: String, root: String, pdf: String, paper: String, xml: String?, issued: String?) throws -> Int {
        var fields = ["html": html, "root": root, "pdf": pdf, "paper": paper]
        if let xml, let issued {
            fields["xml"] = xml
            fields["issued"] = issued
        }
        let request = try JSONSerialization.data(withJSONObject: fields, options: [.sortedKeys]) + Data("\n".utf8)
        var written = 0
        while written < request.count {
            let count = request.withUnsafeBytes { write(input, $0.baseAddress! + written, $0.count - written) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else {
                stop()
                throw PDFEngineError(message: "the PDF worker stopped")
            }
            written += count
        }
        let answer = try Self.answer(readLine(within: patience, doing: "print \(URL(fileURLWithPath: html).lastPathComponent)"))
        if let error = answer["error"] as? String { throw PDFEngineError(message: error) }
        return answer["pages"] as? Int ?? 0
    }

    /// Ends the worker for good: it is stuck, or its pipe is broken.
    private func stop() {
        stopped = true
        process.signal(SIGKILL)
    }

    private static func answer(_ line: String) throws -> [String: Any] {
        guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else {
            throw PDFEngineError(message: "the PDF worker answered \(line.prefix(200).debugDescription)")
        }
        return object
    }

    /// The worker's next line, waited for at most `patience`; the worker is killed if it does not come.
    private func readLine(within patience: Duration, doing task: String) throws -> String {
        let deadline = ContinuousClock.now + patience
        let descriptor = output
        while true {
            if let end = buffer.firstIndex(of: UInt8(ascii: "\n")) {
                let line = String(decoding: buffer[..<end], as: UTF8.self)
                buffer.removeSubrange(...end)
                return line
            }
            let left = deadline - ContinuousClock.now
            let milliseconds = max(0, left.components.seconds * 1000 + left.components.attoseconds / 1_000_000_000_000_000)
            var ready = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
            let polled = poll(&ready, 1, Int32(min(milliseconds, Int64(Int32.max))))
            if polled < 0 && errno == EINTR { continue }
            guard polled > 0 else {
                stop()
                throw PDFEngineError(message: "WeasyPrint did not \(task) within \(patience.components.seconds) s and was stopped")
            }
            var chunk = [UInt8](repeating: 0, count: 65536)
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else {
                stop()
                throw PDFEngineError(message: "the PDF worker stopped")
            }
            buffer += chunk[..<count]
        }
    }
}

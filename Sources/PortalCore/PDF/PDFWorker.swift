import Foundation

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

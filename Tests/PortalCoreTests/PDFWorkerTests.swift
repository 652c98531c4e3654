import Foundation
import PortalTestSupport
import Testing

@testable import PortalCore

/// A PDF worker that hangs or dies never holds a build: every answer is awaited for a bounded time, then the
/// worker is killed and the page reported (it is published without its PDF). WeasyPrint is played by a shell
/// script, so these run on any machine.
@Suite struct PDFWorkerTests {
    /// A stand-in for `python3` that says it is ready (after `beforeReady`), reads one request and then does `afterRequest`.
    static func fakePython(beforeReady: String = "", afterRequest: String) throws -> (URL, URL) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("portalgen-fake-python-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let script = folder.appendingPathComponent("python3")
        try """
        #!/bin/sh
        \(beforeReady)
        echo '{"ready": "70.0", "facturx": null}'
        read request
        \(afterRequest)
        """.write(to: script, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: script.path)
        return (folder, script)
    }

    static func render(_ worker: PDFWorker) async throws {
        _ = try await BackgroundThread.run {
            try worker.render(html: "/nonexistent/invoices/7.html", root: "/nonexistent", pdf: "/nonexistent/7.pdf", paper: "A4", xml: nil, issued: nil)
        }
    }

    @Test func aWorkerThatHangsOnAPageIsStoppedAndThePageReported() async throws {
        let (folder, python) = try Self.fakePython(afterRequest: "exec sleep 600")
        defer { try? FileManager.default.removeItem(at: folder) }
        let worker = try PDFWorker(python: python.path, patience: .seconds(2))
        #expect(worker.version == "70.0")
        let error = await #expect(throws: PDFEngineError.self) { try await Self.render(worker) }
        #expect(error?.message == "WeasyPrint did not print 7.html within 2 s and was stopped")
        #expect(!worker.isRunning, "a stuck worker must not take the next page")
    }

    @Test func aWorkerThatNeverStartsIsStopped() async throws {
        let (folder, python) = try Self.fakePython(beforeReady: "exec sleep 600", afterRequest: "")
        defer { try? FileManager.default.removeItem(at: folder) }
        let error = #expect(throws: PDFEngineError.self) { try PDFWorker(python: python.path, startPatience: .seconds(2)) }
        #expect(error?.message == "WeasyPrint did not start within 2 s and was stopped")
    }

    @Test func aWorkerThatDiesMidPageIsReported() async throws {
        let (folder, python) = try Self.fakePython(afterRequest: "exit 3")
        defer { try? FileManager.default.removeItem(at: folder) }
        let worker = try PDFWorker(python: python.path)
        let error = await #expect(throws: PDFEngineError.self) { try await Self.render(worker) }
        #expect(error?.message == "the PDF worker stopped")
        #expect(!worker.isRunning)
    }
}

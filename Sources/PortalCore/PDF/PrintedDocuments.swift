import Crypto
import Foundation

/// The PDFs of one client's documents, made from their pages as rendered, with the theme's print stylesheet:
/// one source of layout and branding for paper and screen.
///
/// Each PDF is kept in a content-addressed cache under the state folder (`pdf/<slug>/<digest>.pdf`), keyed by
/// everything it is made from: the page as printed, the client's assets and the page's own images, the paper
/// and the engine. A document whose inputs did not change keeps its PDF, byte for byte, without the engine.
/// The PDFs are published with their pages in the same atomic swap, so no page ever links a PDF that is not
/// there; a client's pages wait for its new PDFs only (about 0.3 s each, one per core).
struct PrintedDocuments {
    let engine: PDFEngine
    /// `state/pdf/<slug>`.
    let cache: URL
    let paper: PaperSize

    /// What making a client's PDFs gave.
    struct Outcome {
        /// One per document that has its PDF.
        var files: [SiteFile] = []
        /// Pages whose PDF could not be made, with the engine's reason: they are rendered again without the link.
        var failed: [String: String] = [:]
        /// How many PDFs the engine made (the others came from the cache).
        var made = 0
    }

    /// The PDFs of `pages` (the pages with a ``PageModel/printName``), printed from `files`.
    func make(_ pages: [PageModel], from files: [SiteFile]) async -> Outcome {
        let documents = pages.filter { $0.printName != nil }
        let facturX = Dictionary(
            documents.compactMap { page in engine.makesFacturX ? page.facturX.map { (page.path, $0) } : nil }, uniquingKeysWith: { $1 })
        guard !documents.isEmpty else {
            try? FileManager.default.removeItem(at: cache)
            return Outcome()
        }
        let byPath = Dictionary(files.map { ($0.path, $0) }, uniquingKeysWith: { $1 })
        let assets = files.filter { $0.path.hasPrefix("assets/") }.sorted { $0.path < $1.path }
        let assetsDigest = Self.digest(assets.flatMap { Array($0.path.utf8) + [0] + $0.bytes + [0] })
        var inputs: [(page: String, digest: String, printable: [UInt8], images: [SiteFile])] = []
        for path in documents.map(\.path) {
            guard let page = byPath[path] else { continue }
            // The stamp and version placeholders are for the publisher; neither prints.
            let printable = Publisher.fill(page.bytes, version: "")
            let images = Self.images(of: path, in: files)
            let embedded = facturX[path].map { Array($0.issued.iso.utf8) + $0.xml } ?? []
            let digest = Self.digest(
                Array("\(engine.version)|\(paper.rawValue)|\(assetsDigest)|".utf8) + printable + [0] + embedded + [0]
                    + images.flatMap { Array($0.path.utf8) + [0] + $0.bytes })
            inputs.append((path, digest, printable, images))
        }
        try? FileManager.default.createDirectory(at: cache, withIntermediateDirectories: true)
        let missing = inputs.filter { !FileManager.default.fileExists(atPath: cache.appendingPathComponent($0.digest + ".pdf").path) }
        var outcome = Outcome()
        if !missing.isEmpty {
            // The pages to print and what they show, written where the engine can read them.
            let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("portalgen-print-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: scratch) }
            do {
                for file in assets + missing.flatMap(\.images) { try Self.write(file.bytes, to: scratch.appendingPathComponent(file.path)) }
                for input in missing {
                    try Self.write(input.printable, to: scratch.appendingPathComponent(input.page))
                    if let embedded = facturX[input.page] { try Self.write(embedded.xml, to: scratch.appendingPathComponent(input.page + ".cii.xml")) }
                }
            } catch {
                for input in missing { outcome.failed[input.page] = "the page could not be written for printing: \(error.localizedDescription)" }
                return Outcome(failed: outcome.failed)
            }
            let engine = engine, cache = cache, paper = paper
            let results = await withTaskGroup(of: (String, String?).self) { group in
                for input in missing {
                    group.addTask {
                        let target = cache.appendingPathComponent(input.digest + ".pdf")
                        let partial = cache.appendingPathComponent(input.digest + ".pdf.tmp")
                        do {
                            let embedded = facturX[input.page].map { (xml: scratch.appendingPathComponent(input.page + ".cii.xml"), issued: $0.issued) }
                            _ = try await engine.render(
                                html: scratch.appendingPathComponent(input.page), root: scratch, to: partial, paper: paper, facturX: embedded)
                            try FileManager.default.moveItem(at: partial, to: target)
                            return (input.page, nil)
                        } catch {
                            try? FileManager.default.removeItem(at: partial)
                            return (input.page, "\(error)")
                        }
                    }
                }
                var all: [(String, String?)] = []
                for await result in group { all.append(result) }
                return all
            }
            for (page, error) in results {
                if let error { outcome.failed[page] = error } else { outcome.made += 1 }
            }
        }
        var kept = Set<String>()
        for input in inputs where outcome.failed[input.page] == nil {
            let url = cache.appendingPathComponent(input.digest + ".pdf")
            guard let data = try? Data(contentsOf: url) else {
                outcome.failed[input.page] = "its PDF vanished from \(url.path)"
                continue
            }
            kept.insert(url.lastPathComponent)
            outcome.files.append(SiteFile(path: String(input.page.dropLast(".html".count)) + ".pdf", bytes: Array(data)))
        }
        // PDFs of documents that changed or went: the cache holds what the site shows, nothing more.
        for name in (try? FileManager.default.contentsOfDirectory(atPath: cache.path)) ?? [] where !kept.contains(name) {
            try? FileManager.default.removeItem(at: cache.appendingPathComponent(name))
        }
        return outcome
    }

    /// The images beside a document's page that it shows (`invoices/12-pay.svg` for `invoices/12.html`).
    static func images(of page: String, in files: [SiteFile]) -> [SiteFile] {
        let stem = String(page.dropLast(".html".count)) + "-"
        return files.filter { $0.path.hasPrefix(stem) && ($0.path.hasSuffix(".svg") || $0.path.hasSuffix(".png")) }.sorted { $0.path < $1.path }
    }

    static func digest(_ bytes: [UInt8]) -> String { SHA256.hash(data: bytes).prefix(16).hex }

    private static func write(_ bytes: [UInt8], to url: URL) throws {
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(bytes).write(to: url)
    }
}

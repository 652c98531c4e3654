import Foundation
import GRDB
import PortalTestSupport
import Testing

@testable import PortalCore

/// What a client's accountant reads: how to pay, the statement of account, the payment history and the
/// e-invoices, checked against SQL on the demo database and against independent tools (zbar decodes the
/// QR code as a banking app would; facturex applies EN 16931's business rules; libxml2 parses the XML).
@Suite struct AccountantTests {
    let fixture: Fixture
    let today: CalendarDate

    init() async throws {
        fixture = try Fixture(clients: 6, entries: 40, invoices: 8)
        today = Fixture.today
        let report = try await fixture.build()
        #expect(report.succeeded)
    }

    func slugs() async throws -> [Int64: String] {
        let report = try await fixture.build()
        return Dictionary(uniqueKeysWithValues: report.clients.map { ($0.clientID, $0.slug) })
    }

    /// The statement's last balance per currency is what SQL says is owed (total − paid − credit notes over
    /// invoices that are neither draft nor cancelled); its ageing buckets are SQL's too; the CSV agrees.
    @Test func statementBalancesAndAgeingMatchSQL() async throws {
        var overpaidChecked = 0
        // One invoice overpaid by 10 and not marked fully paid, as in TimeTracker's own sample (Nakamura).
        let overpaid = try await fixture.database().write { db -> Int64? in
            let id = try Int64.fetchOne(db, sql: "SELECT id FROM invoices WHERE status NOT IN ('draft', 'cancelled') ORDER BY id LIMIT 1")
            try db.execute(
                sql: "UPDATE invoices SET amount_paid = total_amount + 10, payment_status = 'partially_paid' WHERE id = ?", arguments: [id])
            return id
        }
        #expect(overpaid != nil)
        let slugs = try await slugs()
        var checked = 0
        for (client, slug) in slugs {
            let rows = try await fixture.database().read { db in
                try Row.fetchAll(
                    db,
                    sql: """
                        SELECT i.currency_code, i.total_amount, coalesce(i.amount_paid, 0), i.payment_status, i.due_date,
                               (SELECT coalesce(sum(c.amount), 0) FROM credit_notes c WHERE c.invoice_id = i.id)
                        FROM invoices i WHERE i.client_id = ? AND i.status NOT IN ('draft', 'cancelled')
                        """, arguments: [client])
            }
            var balance: [String: Decimal] = [:]
            var buckets: [String: [Decimal]] = [:]
            var credit: [String: Decimal] = [:]
            var outstanding: [String: Decimal] = [:]
            for row in rows {
                let currency: String = row[0]
                func cents(_ value: Double) -> Decimal { Money.rounded(Decimal(string: String(format: "%.6f", value))!) }
                let owed = cents(row[1]) - cents(row[2]) - cents(row[5])
                balance[currency, default: 0] += owed
                guard (row[3] as String) != "fully_paid" else { continue }
                outstanding[currency, default: 0] += owed
                if owed < 0 { credit[currency, default: 0] += owed }
                guard owed > 0 else { continue }
                let late = CalendarDate(iso: row[4] as String)!.days(until: today)
                let bucket = late <= 0 ? 0 : late <= 30 ? 1 : late <= 60 ? 2 : late <= 90 ? 3 : 4
                buckets[currency, default: [0, 0, 0, 0, 0]][bucket] += owed
            }
            // A client whose branding hides invoices has no statement either.
            guard fixture.files(slug).contains("invoices/index.html") else {
                #expect(!fixture.files(slug).contains("statement/index.html"))
                continue
            }
            let page = try fixture.page(slug, "statement/index.html")
            guard !rows.isEmpty else {
                #expect(page.text("//main//section[contains(@class,'empty')]//h2") != nil, "\(slug): an empty statement says so")
                continue
            }
            let shown = page.texts("//section[@aria-labelledby='balance-title']//dl//div[1]/dd/span")
            #expect(Set(shown) == Set(balance.keys.sorted().map { Money(balance[$0]!, $0).formatted }), "\(slug): balance \(shown) vs SQL \(balance)")
            // Every currency's row: the five buckets, then the overpaid credit when the statement has any, adding up
            // to the outstanding figure.
            for currency in Set(buckets.keys).union(credit.keys) {
                let cells = page.texts("//table[caption='Open amounts by days past due']//tr[th='\(currency)']/td")
                var amounts = buckets[currency] ?? [0, 0, 0, 0, 0]
                if !credit.isEmpty { amounts.append(credit[currency] ?? 0) }
                #expect(cells == amounts.map { Money($0, currency).formatted }, "\(slug) \(currency): ageing \(cells) vs SQL \(amounts)")
                #expect(amounts.reduce(0, +) == outstanding[currency] ?? 0, "\(slug) \(currency): the row adds up to the outstanding figure")
                let labels = page.nodes("//table[caption='Open amounts by days past due']//tr[th='\(currency)']/td").map { $0.attributes["data-label"] ?? "" }
                #expect(labels.allSatisfy { !$0.isEmpty }, "\(slug): every ageing cell is labelled for phones")
            }
            if !credit.isEmpty { overpaidChecked += 1 }
            // Each currency's last balance in the CSV (ISO dates in order) is the same figure.
            let csv = try String(contentsOf: fixture.site(slug).appendingPathComponent("statement/statement.csv"), encoding: .utf8)
            var last: [String: String] = [:]
            for line in csv.split(separator: "\r\n").dropFirst() {
                let fields = line.split(separator: ",", omittingEmptySubsequences: false)
                last[String(fields[fields.count - 4])] = String(fields[fields.count - 1])
            }
            #expect(last == balance.mapValues { Money.plain($0) }, "\(slug): CSV ends at \(last)")
            checked += 1
        }
        #expect(checked >= 3)
        #expect(overpaidChecked >= 1, "an overpaid invoice's statement shows its credit")
    }

    /// A statement longer than a page is split by year; each year opens with the balance the one before
    /// closed with, and the years link to each other.
    @Test func longStatementsGetOnePagePerYear() async throws {
        let small = try Fixture(clients: 3, entries: 20, invoices: 12)
        small.configuration.pageSize = 5
        // Half of the invoices, with their payments, a year earlier: two years of history.
        try await small.database().write { db in
            try db.execute(sql: "UPDATE payments SET payment_date = date(payment_date, '-1 year') WHERE invoice_id % 2 = 0")
            try db.execute(sql: "UPDATE invoices SET issue_date = date(issue_date, '-1 year'), due_date = date(due_date, '-1 year') WHERE id % 2 = 0")
        }
        let report = try await small.build()
        var split = 0
        for client in report.clients where small.files(client.slug).contains("statement/index.html") {
            let years = small.files(client.slug).filter { $0.hasPrefix("statement/") && $0.dropFirst(10).first?.isNumber == true }.sorted()
            guard !years.isEmpty else { continue }
            split += 1
            let pages = years.map { try! small.page(client.slug, $0) } + [try small.page(client.slug, "statement/index.html")]
            for (earlier, later) in zip(pages, pages.dropFirst()) {
                // The last running balance of a year (one currency in the demo) is the next year's opening balance.
                let closing = earlier.texts("//table//tbody/tr[not(@class='opening')]/td[last()]").last
                let opening = later.text("//table//tbody/tr[@class='opening']/td[last()]/span")
                #expect(closing != nil && closing == opening, "\(client.slug): closed at \(closing ?? "?"), opened at \(opening ?? "?")")
            }
            for page in pages {
                #expect(page.nodes("//nav[@aria-label='Statement years']//a").count == years.count + 1)
            }
        }
        #expect(split >= 1)
    }

    /// Every payment is listed once, newest first, across the pages of `payments/`.
    @Test func paymentHistoryListsEveryPayment() async throws {
        for (client, slug) in try await slugs() {
            let expected = try await fixture.database().read { db in
                try Int.fetchOne(
                    db, sql: "SELECT count(*) FROM payments p JOIN invoices i ON i.id = p.invoice_id WHERE i.client_id = ? AND i.status <> 'draft'",
                    arguments: [client]) ?? 0
            }
            guard fixture.files(slug).contains("invoices/index.html") else { continue }
            var listed: [String] = []
            for file in fixture.files(slug) where file.hasPrefix("payments/") {
                listed += try fixture.page(slug, file).texts("//main//table/tbody/tr/td[1]")
            }
            #expect(listed.count == expected, "\(slug): \(listed.count) payments listed, SQL has \(expected)")
            let first = try fixture.page(slug, "payments/index.html").texts("//main//table/tbody/tr/td[1]")
            let dates = first.map { text -> String in
                let p = text.split(separator: ".")
                return p.count == 3 ? "\(p[2])\(p[1])\(p[0])" : text
            }
            #expect(dates == dates.sorted(by: >), "\(slug): payments are not newest first")
        }
    }

    /// An unpaid euro invoice says how to pay it, and its QR code, photographed by headless Chromium, scans
    /// with zbar to the seller's IBAN, the amount due and the invoice number as the EPC standard lays out.
    @Test func paymentQRCodeScansToIBANAmountAndReference() async throws {
        let chromium = try #require(
            ["/usr/bin/chromium", "/usr/bin/chromium-browser"].first { FileManager.default.isExecutableFile(atPath: $0) }, "install chromium")
        let zbar = try #require(["/usr/bin/zbarimg"].first { FileManager.default.isExecutableFile(atPath: $0) }, "install zbar-tools")
        let slugs = try await slugs()
        let open = try await fixture.database().read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT id, client_id, invoice_number, total_amount - coalesce(amount_paid, 0) - (SELECT coalesce(sum(amount), 0) FROM credit_notes WHERE invoice_id = invoices.id)
                    FROM invoices WHERE currency_code = 'EUR' AND status NOT IN ('draft', 'cancelled') AND payment_status IN ('unpaid', 'partially_paid')
                    ORDER BY id LIMIT 3
                    """)
        }
        #expect(!open.isEmpty)
        for row in open {
            let id: Int64 = row[0], slug = try #require(slugs[row[1]]), number: String = row[2]
            let due = Money.rounded(Decimal(string: String(format: "%.6f", row[3] as Double))!)
            guard due > 0 else { continue }
            let page = try fixture.page(slug, "invoices/\(id).html")
            #expect(page.texts("//section[@aria-labelledby='pay-title']//dd").contains("IT60 X054 2811 1010 0000 0123 456"))
            #expect(page.texts("//section[@aria-labelledby='pay-title']//dd").contains(number))
            let svg = fixture.site(slug).appendingPathComponent("invoices/\(id)-pay.svg")
            let png = fixture.folder.appendingPathComponent("qr-\(id).png")
            let shot = try await ChildProcess.run(
                URL(fileURLWithPath: chromium),
                [
                    "--headless", "--no-sandbox", "--disable-gpu", "--user-data-dir=\(fixture.folder.appendingPathComponent("chromium").path)",
                    "--screenshot=\(png.path)", "--window-size=400,400", svg.absoluteString,
                ])
            #expect(FileManager.default.fileExists(atPath: png.path), "\(shot.stderr)")
            let scan = try await ChildProcess.run(URL(fileURLWithPath: zbar), ["-q", "--raw", png.path])
            let lines = scan.stdout.trimmingCharacters(in: .newlines).components(separatedBy: "\n")
            #expect(lines.count == 11, "\(scan.stdout)")
            guard lines.count == 11 else { continue }
            #expect(Array(lines[0...3]) == ["BCD", "002", "1", "SCT"])
            #expect(lines[4] == "BPMOIT22" && lines[5] == "Rossi & Partners Consulting S.r.l.")
            #expect(lines[6] == "IT60X0542811101000000123456")
            #expect(lines[7] == "EUR" + Money.plain(due), "\(lines[7]) vs \(due)")
            #expect(lines[10] == number)
        }
    }

    /// Each e-invoice passes facturex's EN 16931 rules and parses; its buyer, totals and amount due are the
    /// database's; an invoice whose seller address names no country gets none, and `check` says why.
    @Test func eInvoicesFollowEN16931() async throws {
        let facturex = try #require(Self.facturex, "pip install facturex")
        var documents = 0
        var validate: [String] = []
        for (client, slug) in try await slugs() where fixture.files(slug).contains("invoices/index.html") {
            let invoices = try await fixture.database().read { db in
                try Row.fetchAll(
                    db,
                    sql:
                        "SELECT id, client_name, total_amount, coalesce(amount_paid, 0) FROM invoices WHERE client_id = ? AND status NOT IN ('draft', 'cancelled')",
                    arguments: [client])
            }
            for row in invoices {
                let id: Int64 = row[0]
                let xml = fixture.site(slug).appendingPathComponent("invoices/\(id).xml")
                let page = try fixture.page(slug, "invoices/\(id).html")
                guard FileManager.default.fileExists(atPath: xml.path) else {
                    #expect(page.nodes("//a[@href='\(id).xml']").isEmpty, "\(slug)/\(id): a link to a missing e-invoice")
                    continue
                }
                #expect(page.nodes("//a[@href='\(id).xml']").count == 1)
                validate.append(xml.path)
                let document = try XMLFile(path: xml.path)
                func value(_ path: String) -> String { document.string(path) }
                #expect(value("//*[local-name()='AccountingCustomerParty']//*[local-name()='RegistrationName']") == row[1] as String)
                let total = Money.rounded(Decimal(string: String(format: "%.6f", row[2] as Double))!)
                let paid = Money.rounded(Decimal(string: String(format: "%.6f", row[3] as Double))!)
                // The invoice's own total; TaxInclusiveAmount may differ from it by the rounding amount.
                let inclusive = Decimal(string: value("//*[local-name()='TaxInclusiveAmount']")) ?? 0
                let rounding = Decimal(string: value("//*[local-name()='PayableRoundingAmount']")) ?? 0
                #expect(inclusive + rounding == total)
                #expect(abs(rounding) <= Decimal(string: "0.02")!)
                #expect(value("//*[local-name()='PayableAmount']") == Money.plain(total - paid))
                documents += 1
            }
        }
        #expect(documents >= 5)
        // Credit notes get UBL credit notes that pass the same rules.
        var credits = 0
        for client in try await fixture.build().clients {
            for file in fixture.files(client.slug) where file.contains("-credit-") && file.hasSuffix(".xml") {
                validate.append(fixture.site(client.slug).appendingPathComponent(file).path)
                credits += 1
            }
        }
        #expect(credits >= 1)
        for (file, verdict) in try await Self.facturexVerdicts(facturex, validate) { #expect(verdict["ok"] as? Bool == true, "\(file): \(verdict)") }

        // An invoice TimeTracker sent through PEPPOL is served with the XML it sent, byte for byte.
        let sent =
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Invoice xmlns=\"urn:oasis:names:specification:ubl:schema:xsd:Invoice-2\"><!-- as sent --></Invoice>\n"
        let (sentID, sentClient) = try await Self.storeSentXML(sent, in: fixture)
        let slugsNow = try await slugs()
        let served = try String(contentsOf: fixture.site(slugsNow[sentClient]!).appendingPathComponent("invoices/\(sentID).xml"), encoding: .utf8)
        #expect(served == sent)

        // A seller address without a country: no document of portalgen's own, no link, and `check` names the invoices.
        try await fixture.database().write { db in try db.execute(sql: "UPDATE settings SET company_address = 'Via Roma 12\n00184 Roma'") }
        let report = try await fixture.build()
        for client in report.clients {
            // Only the one TimeTracker sent itself stays.
            #expect(fixture.files(client.slug).filter { $0.hasSuffix(".xml") && $0 != "invoices/\(sentID).xml" }.isEmpty, "\(client.slug) still has e-invoices")
        }
        let findings = PortalChecker(configuration: fixture.configuration).run().map(\.message)
        #expect(findings.contains { $0.contains("no e-invoice: EN 16931 needs the seller's country") }, "\(findings)")
    }

    /// An invoice whose stored tax was computed from a subtotal with a half cent (TimeTracker rounds its tax from
    /// the unrounded subtotal: 399.125 × 20 % = 79.83 where BR-CO-17 wants 399.12 × 20 % = 79.82) still gets an
    /// e-invoice that passes EN 16931: the VAT from the stated base, TimeTracker's cent as the rounding amount,
    /// and the amount payable TimeTracker's.
    @Test func halfCentTaxStillGivesAValidEInvoice() async throws {
        let facturex = try #require(Self.facturex, "pip install facturex")
        let slugs = try await slugs()
        let (id, client, paid) = try await fixture.database().write { db -> (Int64, Int64, Double) in
            let row = try #require(
                try Row.fetchOne(
                    db,
                    sql: """
                        SELECT v.id, v.client_id, coalesce(v.amount_paid, 0) FROM invoices v WHERE v.status NOT IN ('draft', 'cancelled')
                           AND NOT EXISTS (SELECT 1 FROM credit_notes c WHERE c.invoice_id = v.id) ORDER BY v.id LIMIT 1
                        """))
            let id: Int64 = row[0]
            for table in ["invoice_items", "extra_goods", "expenses"] { try db.execute(sql: "DELETE FROM \(table) WHERE invoice_id = ?", arguments: [id]) }
            try db.execute(
                sql: """
                    INSERT INTO invoice_items (invoice_id, description, quantity, unit_price, total_amount, is_stock_item, created_at)
                    VALUES (?, 'Consulting', 1, 399.12, 399.12, 0, '2026-11-01 10:00:00')
                    """, arguments: [id])
            try db.execute(
                sql: """
                    UPDATE invoices SET subtotal = 399.12, tax_rate = 20, tax_amount = 79.83, total_amount = 478.95, currency_code = 'EUR',
                           updated_at = '2026-11-20 17:00:00' WHERE id = ?
                    """, arguments: [id])
            return (id, row[1], row[2])
        }
        _ = try await fixture.build()
        let path = fixture.site(try #require(slugs[client])).appendingPathComponent("invoices/\(id).xml").path
        let document = try XMLFile(path: path)
        #expect(document.string("//*[local-name()='TaxTotal']/*[local-name()='TaxAmount']") == "79.82")
        #expect(document.string("//*[local-name()='PayableRoundingAmount']") == "0.01")
        let payable = Decimal(string: document.string("//*[local-name()='PayableAmount']")) ?? 0
        #expect(payable == Decimal(string: "478.95")! - Money.rounded(Decimal(string: String(format: "%.6f", paid))!))
        let verdict = try await ChildProcess.run(URL(fileURLWithPath: facturex), ["validate", "--json", "--rules", "en16931", path])
        let json = try JSONSerialization.jsonObject(with: Data(verdict.stdout.utf8)) as? [String: Any]
        #expect(json?["ok"] as? Bool == true, "\(verdict.stdout)\(verdict.stderr)")
    }

    /// Records `xml` as the PEPPOL document TimeTracker sent for the first invoice that is neither draft nor
    /// cancelled; returns that invoice's id and client.
    static func storeSentXML(_ xml: String, in fixture: Fixture) async throws -> (Int64, Int64) {
        try await fixture.database().write { db -> (Int64, Int64) in
            let row = try #require(
                try Row.fetchOne(db, sql: "SELECT id, client_id FROM invoices WHERE status NOT IN ('draft', 'cancelled') ORDER BY id LIMIT 1"))
            try db.execute(
                sql:
                    "INSERT INTO invoice_peppol_transmissions (invoice_id, provider, status, ubl_xml, created_at) VALUES (?, 'generic', 'sent', ?, '2026-11-20 10:00:00')",
                arguments: [row[0], xml])
            return (row[0], row[1])
        }
    }

    /// PyPI's `facturex`, the offline EN 16931 validator (`.ci/run` installs it).
    /// facturex's EN 16931 verdict on each file (UBL, CII or Factur-X PDF), from one child process: `ok` and
    /// `errors` per file, in order.
    static func facturexVerdicts(_ facturex: String, _ files: [String]) async throws -> [(file: String, verdict: [String: Any])] {
        let script = """
            import json, subprocess, sys
            for path in sys.argv[2:]:
                run = subprocess.run([sys.argv[1], "validate", "--json", "--rules", "en16931", path], capture_output=True, text=True)
                try:
                    verdict = json.loads(run.stdout)
                except ValueError:
                    verdict = {"ok": False, "errors": [run.stdout + run.stderr]}
                print(json.dumps({"ok": verdict.get("ok"), "errors": verdict.get("errors")}))
            """
        let run = try await ChildProcess.run(URL(fileURLWithPath: "/usr/bin/env"), ["python3", "-c", script, facturex] + files)
        let lines = run.stdout.split(separator: "\n")
        #expect(lines.count == files.count, "\(run.stderr)")
        return try zip(files, lines).map { file, line in (file, try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])) }
    }

    static let facturex = [
        "/usr/local/bin/facturex", "/usr/bin/facturex", "\(NSHomeDirectory())/.local/bin/facturex", "\(NSHomeDirectory())/.pyenv/shims/facturex",
    ]
    .first { FileManager.default.isExecutableFile(atPath: $0) }

    /// Stored PEPPOL XML is served only when it is a UBL invoice and nothing a browser could act on; otherwise the
    /// row is reported and the invoice gets portalgen's own e-invoice.
    @Test func storedXMLThatIsNotAPlainUBLInvoiceIsNotServed() async throws {
        let ubl = "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"
        #expect(StoredUBL.problem("<?xml version=\"1.0\"?>\n<Invoice xmlns=\"\(ubl)\"><!-- ok --></Invoice>") == nil)
        let asSent = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Invoice xmlns=\"\(ubl)\"><!-- as sent --></Invoice>\n"
        #expect(StoredUBL.problem(asSent) == nil, "\(StoredUBL.problem(asSent) ?? "")")
        #expect(StoredUBL.problem("<CreditNote xmlns=\"urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2\"/>") == nil)
        let hostile = [
            "<html xmlns=\"http://www.w3.org/1999/xhtml\"><head><meta http-equiv=\"refresh\" content=\"0;url=https://evil.example\"/></head></html>",
            "<Invoice xmlns=\"\(ubl)\"><script xmlns=\"http://www.w3.org/1999/xhtml\">alert(1)</script></Invoice>",
            "<?xml-stylesheet type=\"text/xsl\" href=\"https://evil.example/x.xsl\"?><Invoice xmlns=\"\(ubl)\"/>",
            "<!DOCTYPE Invoice [<!ENTITY x \"y\">]><Invoice xmlns=\"\(ubl)\">&x;</Invoice>",
            "<Invoice xmlns=\"\(ubl)\"><a xmlns:xl=\"http://www.w3.org/1999/xlink\" xl:href=\"javascript:alert(1)\"/></Invoice>",
            "<Invoice xmlns=\"\(ubl)\" xmlns:x=\"http://www.w3.org/1999/xlink\" x:href=\"javascript:alert(1)\"/>",
            "<Invoice xmlns=\"\(ubl)\"><svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(1)\"/></Invoice>",
            "<Invoice>not namespaced</Invoice>", "not xml at all", "<Invoice xmlns=\"\(ubl)\"><?php echo 1; ?></Invoice>",
        ]
        for xml in hostile { #expect(StoredUBL.problem(xml) != nil, "\(xml)") }

        let fixture = try Fixture(clients: 2, entries: 10, invoices: 3)
        try await fixture.build()
        let page = hostile[0]
        let (id, client) = try await Self.storeSentXML(page, in: fixture)
        let report = try await fixture.build()
        let result = try #require(report.clients.first { $0.clientID == client })
        #expect(result.skippedRows.contains { $0.contains("invoice_peppol_transmissions") && $0.contains("not served") }, "\(result.skippedRows)")
        let path = fixture.site(result.slug).appendingPathComponent("invoices/\(id).xml").path
        if FileManager.default.fileExists(atPath: path) {
            let served = try String(contentsOfFile: path, encoding: .utf8)
            #expect(!served.contains("http-equiv") && served.contains(ubl))
        }
    }

    /// Control characters in an invoice number never reach the payment QR code's SVG, which stays well-formed XML.
    @Test func controlCharactersStayOutOfThePaymentQRCode() async throws {
        let slugs = try await slugs()
        let (id, client) = try await fixture.database().write { db -> (Int64, Int64) in
            let row = try #require(
                try Row.fetchOne(
                    db,
                    sql: """
                        SELECT id, client_id FROM invoices WHERE currency_code = 'EUR' AND status NOT IN ('draft', 'cancelled')
                           AND payment_status = 'unpaid' ORDER BY id LIMIT 1
                        """))
            try db.execute(
                sql: "UPDATE invoices SET invoice_number = 'RP-\u{1}\u{8}\u{1B}42', updated_at = '2026-11-20 17:00:00' WHERE id = ?", arguments: [row[0]])
            return (row[0], row[1])
        }
        _ = try await fixture.build()
        let svg = fixture.site(try #require(slugs[client])).appendingPathComponent("invoices/\(id)-pay.svg")
        let document = try XMLFile(path: svg.path)
        #expect(document.string("//*[local-name()='title']").hasPrefix("Payment QR code for invoice RP-42"))
    }

    /// Names full of markup and quotes (the hostile demo) come back from the e-invoices' XML as stored.
    @Test func hostileNamesRoundTripThroughTheXML() async throws {
        let hostile = try Fixture(clients: 4, entries: 20, invoices: 4, hostile: true)
        let report = try await hostile.build()
        var parsed = 0
        for client in report.clients {
            for file in hostile.files(client.slug) where file.hasSuffix(".xml") && !file.contains("-credit-") {
                let id = try #require(Int64(file.dropFirst("invoices/".count).dropLast(4)), "\(file)")
                let name = try await hostile.database().read { db in
                    try String.fetchOne(db, sql: "SELECT client_name FROM invoices WHERE id = ?", arguments: [id])
                }
                let path = hostile.site(client.slug).appendingPathComponent(file).path
                let document = try XMLFile(path: path)
                #expect(
                    document.string("//*[local-name()='AccountingCustomerParty']//*[local-name()='RegistrationName']") == XMLWriter.clean(name ?? ""), "\(file)"
                )
                parsed += 1
            }
        }
        #expect(parsed > 0)
    }

    /// The address reader behind the e-invoices, on the shapes TimeTracker's sample stores.
    @Test func postalAddressesAreReadAsWritten() {
        let de = PostalAddress("Königstraße 12\n70173 Stuttgart\nDeutschland")
        #expect(de.street == "Königstraße 12" && de.postalCode == "70173" && de.city == "Stuttgart" && de.country == "DE")
        let us = PostalAddress("1 Desert Road\nPhoenix, AZ 85001\nUSA")
        #expect(us.city == "Phoenix" && us.subdivision == "AZ" && us.postalCode == "85001" && us.country == "US")
        let uk = PostalAddress("3 Abbey Road\nLondon NW8 9AY\nUnited Kingdom")
        #expect(uk.city == "London" && uk.postalCode == "NW8 9AY" && uk.country == "GB")
        let jp = PostalAddress("東京都千代田区1-1\n100-0001 Japan")
        #expect(jp.street == "東京都千代田区1-1" && jp.postalCode == "100-0001" && jp.country == "JP")
        #expect(PostalAddress("Street 1\n10000 City").country == nil)
        #expect(IBAN.first(in: "IBAN IT60 X054 2811 1010 0000 0123 456 · BIC BPMOIT22")?.electronic == "IT60X0542811101000000123456")
        #expect(IBAN("IT61 X054 2811 1010 0000 0123 456") == nil, "a wrong check digit")
        #expect(BIC.first(in: "IBAN IT60 X054 2811 1010 0000 0123 456 · BIC BPMOIT22")?.code == "BPMOIT22")
    }
}

import Foundation
import GRDB
import PortalTestSupport
import Testing

@testable import PortalCore

/// Each page kind in each shipped theme, opened from disk in Chromium at desktop and phone sizes: axe-core
/// finds nothing serious, figures never break, tables fit a phone, focus rings show, print is clean, and
/// no script from the database runs. Screenshots land in `.build/browser-screenshots/` for a person.
@Suite(.serialized, .enabled(if: Browser.available)) struct BrowserPageTests {
    static let themes = [(1, "default"), (2, "dark"), (3, "corporate")]

    /// Three clients, one per theme, each with a brand colour that is hard to read on its own.
    static func themedFixture() async throws -> Fixture {
        let fixture = try Fixture(clients: 6, entries: 60, invoices: 4)
        // Documents link their PDFs and the statement its archives, as in production (when WeasyPrint is there).
        fixture.configuration.pdf = weasyPrintAvailable
        // The opt-in sections too: work not yet invoiced, upcoming invoices.
        fixture.configuration.show = ShowSettings(unbilled: true, upcoming: true)
        var light = BrandingOverride(), dark = BrandingOverride()
        light.primaryColor = "#ffd700"
        light.showQuotes = true
        dark.primaryColor = "#1a1a1a"
        fixture.configuration.clients = [
            "1": ClientSettings(theme: "default", branding: light), "2": ClientSettings(theme: "dark", branding: dark), "3": ClientSettings(theme: "corporate"),
            // Right to left: Arabic words, numbers and codes kept left to right.
            "4": ClientSettings(theme: "default", locale: "ar"), "5": ClientSettings(theme: "dark", locale: "ar"),
            "6": ClientSettings(theme: "corporate", locale: "he"),
        ]
        try await fixture.build()
        return fixture
    }

    /// The first page of each kind in a client's site.
    static func pageKinds(_ fixture: Fixture, _ slug: String) -> [(String, String)] {
        let files = fixture.files(slug)
        let kinds: [(String, (String) -> Bool)] = [
            ("dashboard", { $0 == "index.html" }), ("projects", { $0 == "projects/index.html" }), ("invoices", { $0 == "invoices/index.html" }),
            ("invoice", { $0.hasPrefix("invoices/") && $0.dropFirst(9).first?.isNumber == true && $0.hasSuffix(".html") && !$0.contains("-credit-") }),
            ("credit-note", { $0.hasPrefix("invoices/") && $0.contains("-credit-") && $0.hasSuffix(".html") }),
            ("time-entries", { $0 == "time-entries/index.html" }), ("month", { $0.hasPrefix("time-entries/month-") }),
            ("reports", { $0 == "reports/index.html" }), ("activity", { $0 == "activity/index.html" }),
            ("statement", { $0 == "statement/index.html" }), ("payments", { $0 == "payments/index.html" }),
            ("quotes", { $0 == "quotes/index.html" }), ("quote", { $0.hasPrefix("quotes/") && $0.dropFirst(7).first?.isNumber == true }),
            ("project", { $0.hasPrefix("projects/") && $0.dropFirst(9).first?.isNumber == true }), ("documents", { $0 == "documents/index.html" }),
            ("issues", { $0 == "issues/index.html" }), ("issue", { $0.hasPrefix("issues/") && $0.dropFirst(7).first?.isNumber == true }),
            ("notifications", { $0 == "notifications/index.html" }), ("approvals", { $0 == "approvals/index.html" }),
            ("approval", { $0.hasPrefix("approvals/") && $0.dropFirst(10).first?.isNumber == true }), ("unbilled", { $0 == "unbilled/index.html" }),
            ("search", { $0 == "search/index.html" }),
        ]
        return kinds.compactMap { kind, matches in files.first(where: matches).map { (kind, $0) } }
    }

    /// Whether a computed CSS colour (`rgb(15, 23, 42)`) is a dark one.
    static func isDark(_ color: String) -> Bool {
        let parts = color.split { !$0.isNumber && $0 != "." }.compactMap { Double($0) }
        guard parts.count >= 3 else { return false }
        return 0.2126 * parts[0] + 0.7152 * parts[1] + 0.0722 * parts[2] < 128
    }

    static func slug(_ fixture: Fixture, id: Int64) throws -> String {
        try #require(
            Portal(configuration: fixture.configuration).clients().first {
                $0.id == id
            }
        ).slug
    }

    /// Figures on one line, nothing wider than the screen, every scrolling region focusable (axe checks),
    /// and a focus ring of at least 3:1 against what surrounds it.
    static let layoutProblems = """
        const problems = [];
        for (const el of document.querySelectorAll('.num, .stat-value, .doc-number')) {
          for (const node of el.childNodes) {
            if (node.nodeType !== 3 || !node.textContent.trim()) continue;
            const range = document.createRange(); range.selectNodeContents(node);
            const tops = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
            if (tops.size > 1) problems.push('breaks across lines: ' + node.textContent.trim());
          }
        }
        // Database text in a right-to-left page reads in its own direction: "Rossi & Partners S.r.l." keeps
        // its final period after the last letter, not before the first; amounts read "567.03 UK£", never
        // "£UK 567.03".
        function reversed(node, first) {
          const last = node.textContent.trimEnd().length - 1;
          const at = i => { const r = document.createRange(); r.setStart(node, i); r.setEnd(node, i + 1); return r.getBoundingClientRect(); };
          const [a, b] = [at(first), at(last)];
          return Math.round(a.top) === Math.round(b.top) && b.left < a.left;
        }
        if (document.documentElement.dir === 'rtl') {
          for (const el of document.querySelectorAll('td, dd, h1, strong, .welcome, .pre, .clamp, .client-name, .portal-title')) {
            const node = [...el.childNodes].find(n => n.nodeType === 3 && /^[A-Za-z][^\\u0590-\\u08ff]*\\.$/.test(n.textContent.trim()));
            if (node && reversed(node, node.textContent.search(/\\S/))) problems.push('reads right to left: ' + node.textContent.trim().slice(0, 40));
          }
          // Latin text inside a right-to-left sentence: a company's final period, a phone number's "+", an
          // e-mail address or web address keep their places (isolated by <bdi> or U+2068 … U+2069).
          const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
          for (let node = walker.nextNode(); node; node = walker.nextNode()) {
            if (!node.parentElement.getClientRects().length || node.parentElement.closest('.visually-hidden, script, style')) continue;
            // Linear scans only: a backtracking pattern over a long note stalls the page.
            const text = node.textContent;
            let match = text.match(/\\+\\d[\\d ]{5,}\\d|[^\\s@]+@[^\\s@]+\\.[a-z]+|https?:\\/\\/\\S+/i);
            const period = text.search(/[A-Za-z0-9]\\.\\s*$/);
            if (!match && period >= 0) {
              let start = period;
              while (start > 0 && /[A-Za-z0-9&@ ,'\\/:.-]/.test(text[start - 1])) start--;
              while (start < period && !/[A-Za-z]/.test(text[start])) start++;
              if (/[A-Za-z]/.test(text[start])) match = Object.assign([text.slice(start, period + 2)], { index: start });
            }
            if (!match) continue;
            const [a, b] = [match.index, match.index + match[0].length - 1].map(i => { const r = document.createRange(); r.setStart(node, i); r.setEnd(node, i + 1); return r.getBoundingClientRect(); });
            if (Math.round(a.top) === Math.round(b.top) && b.left < a.left) problems.push('Latin text reads right to left: ' + match[0].slice(0, 40));
          }
          for (const el of document.querySelectorAll('.num')) {
            const node = [...el.childNodes].find(n => n.nodeType === 3 && /^[\\s\\u200e\\u200f\\u061c\\u2066-\\u2069]*\\d.*\\D[\\s\\u2069]*$/.test(n.textContent));
            if (node && reversed(node, node.textContent.search(/\\d/))) problems.push('amount reads right to left: ' + node.textContent.trim());
          }
        }
        // A table's caption spans its table (a caption squeezed into a column wrapped one word per line).
        for (const caption of document.querySelectorAll('caption:not(.visually-hidden)')) {
          const table = caption.closest('table');
          if (caption.textContent.trim().length > 20 && caption.getBoundingClientRect().width < table.getBoundingClientRect().width * 0.5) {
            problems.push('caption squeezed: ' + caption.textContent.trim().slice(0, 40));
          }
        }
        // On a phone the page's own content starts within the first 200 px: the header takes one row.
        const heading = document.querySelector('main h1');
        if (window.innerWidth < 500 && heading && heading.getBoundingClientRect().top + window.scrollY > 200) {
          problems.push('content starts ' + Math.round(heading.getBoundingClientRect().top + window.scrollY) + ' px down on a phone');
        }
        if (document.documentElement.scrollWidth > window.innerWidth + 1) problems.push('page scrolls sideways: ' + document.documentElement.scrollWidth + ' > ' + window.innerWidth);
        function rgb(text) { const m = text.match(/[\\d.]+/g).map(Number); return m.length > 3 && m[3] === 0 ? null : m.slice(0, 3); }
        function luminance(c) { const [r, g, b] = c.map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); }); return 0.2126 * r + 0.7152 * g + 0.0722 * b; }
        function contrast(a, b) { const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p); return (x + 0.05) / (y + 0.05); }
        function background(el) { for (let e = el.parentElement; e; e = e.parentElement) { const c = rgb(getComputedStyle(e).backgroundColor); if (c) return c; } return [255, 255, 255]; }
        for (const el of document.querySelectorAll('.site-header a, .site-nav a, main a, .table-wrap')) {
          if (!el.getClientRects().length) continue;
          el.focus({ focusVisible: true });
          const style = getComputedStyle(el);
          if (style.outlineStyle === 'none' || parseFloat(style.outlineWidth) < 2) continue;
          const ratio = contrast(rgb(style.outlineColor), background(el));
          if (ratio < 3) problems.push('focus ring ' + ratio.toFixed(2) + ':1 on ' + (el.textContent || el.className).trim().slice(0, 40));
        }
        document.activeElement && document.activeElement.blur();
        return problems;
        """

    @Test func everyPageKindInEveryThemeIsAccessibleOnDesktopAndPhone() async throws {
        let fixture = try await Self.themedFixture()
        let browser = try await Browser()
        var findings: [String] = []
        var visited = Set<String>()
        do {
            // The default theme and the corporate one follow the system's dark mode; the dark theme is dark in both.
            let runs =
                Self.themes.map { ($0.0, $0.1, "light") } + [(1, "default", "dark"), (3, "corporate", "dark")]
                + [(4, "default-ar", "light"), (5, "dark-ar", "light"), (6, "corporate-he", "light"), (4, "default-ar", "dark")]
            for (id, theme, scheme) in runs {
                let slug = try Self.slug(fixture, id: Int64(id))
                try await browser.emulateColorScheme(scheme)
                for (width, height, device) in [(1280, 800, "desktop"), (390, 844, "phone")] {
                    try await browser.resize(width: width, height: height)
                    for (kind, path) in Self.pageKinds(fixture, slug) {
                        visited.insert(kind)
                        let name = scheme == "dark" ? "\(theme)-dark-mode" : theme
                        try await browser.open(fixture.site(slug).appendingPathComponent(path).absoluteString)
                        try await browser.screenshot("\(name)-\(kind)-\(device)")
                        for violation in try await browser.axeViolations() { findings.append("\(name) \(device) \(kind): axe \(violation)") }
                        for problem in try await browser.run(Self.layoutProblems) as? [String] ?? ["layout check failed"] {
                            findings.append("\(name) \(device) \(kind): \(problem)")
                        }
                        // Dark where the system is dark (and always in the dark theme), light otherwise.
                        let background = try await browser.run("return getComputedStyle(document.body).backgroundColor") as? String ?? ""
                        if Self.isDark(background) != (scheme == "dark" || theme.hasPrefix("dark")) {
                            findings.append("\(name) \(device) \(kind): page background \(background) in \(scheme) mode")
                        }
                    }
                }
            }
            try await browser.emulateColorScheme(nil)
        } catch {
            await browser.close()
            throw error
        }
        await browser.close()
        // Every template of the page-kind registry was opened in some theme.
        let unopened = Set(Theme.pageTemplates).subtracting(["layout"]).subtracting(visited)
        #expect(unopened.isEmpty, "never opened: \(unopened.sorted())")
        #expect(findings.isEmpty, "\(findings.count) findings:\n\(findings.prefix(40).joined(separator: "\n"))")
    }

    /// A long invoice (120 lines) prints on A4 and US Letter with its totals on one page, a running header with
    /// its number on every page of its lines and "Page N of M" on every page, in black on white whatever the
    /// theme; a one-line invoice, its payment details included, fits one page.
    @Test func invoicesPrintCleanlyInEveryTheme() async throws {
        let fixture = try await Self.themedFixture()
        // 120 lines on each client's first sent invoice, so it needs several pages; its second keeps one line.
        let (invoices, single) = try await fixture.database().write { db -> ([Int64: (Int64, String)], [Int64: (Int64, String)]) in
            var result: [Int64: (Int64, String)] = [:]
            var single: [Int64: (Int64, String)] = [:]
            for client in 1...3 {
                let rows = try Row.fetchAll(
                    db, sql: "SELECT id, invoice_number FROM invoices WHERE client_id = ? AND status <> 'draft' ORDER BY id LIMIT 2", arguments: [client])
                let row = try #require(rows.first)
                let id: Int64 = row[0]
                if rows.count > 1 {
                    let one: Int64 = rows[1][0]
                    try db.execute(
                        sql: "DELETE FROM invoice_items WHERE invoice_id = ? AND id > (SELECT min(id) FROM invoice_items WHERE invoice_id = ?)",
                        arguments: [one, one])
                    try db.execute(sql: "DELETE FROM extra_goods WHERE invoice_id = ?", arguments: [one])
                    try db.execute(sql: "DELETE FROM expenses WHERE invoice_id = ?", arguments: [one])
                    single[Int64(client)] = (one, rows[1][1])
                }
                for line in 0..<120 {
                    try db.execute(
                        sql:
                            "INSERT INTO invoice_items (invoice_id, description, quantity, unit_price, total_amount, is_stock_item, created_at) VALUES (?, ?, 0, 0, 0, 0, '2026-11-01 10:00:00')",
                        arguments: [id, "Consulting, line \(line + 1)"])
                }
                result[Int64(client)] = (id, row[1])
            }
            return (result, single)
        }
        try await fixture.build()
        let browser = try await Browser()
        do {
            for (id, theme) in Self.themes {
                let slug = try Self.slug(fixture, id: Int64(id))
                let (invoice, number) = invoices[Int64(id)]!
                try await browser.open(fixture.site(slug).appendingPathComponent("invoices/\(invoice).html").absoluteString)
                for (paper, width, height, points) in [("A4", 21.0, 29.7, "(A4)"), ("Letter", 21.59, 27.94, "(letter)")] {
                    let pdf = fixture.folder.appendingPathComponent("\(theme)-\(paper).pdf")
                    try await browser.printPDF(width: width, height: height).write(to: pdf)
                    try? FileManager.default.removeItem(at: Browser.screenshots.appendingPathComponent("invoice-\(theme)-\(paper).pdf"))
                    try? FileManager.default.copyItem(at: pdf, to: Browser.screenshots.appendingPathComponent("invoice-\(theme)-\(paper).pdf"))
                    let info = try await ChildProcess.run(URL(fileURLWithPath: "/usr/bin/pdfinfo"), [pdf.path]).stdout
                    let pages = Int(info.split(separator: "\n").first { $0.hasPrefix("Pages:") }?.split(separator: " ").last ?? "") ?? 0
                    #expect(pages >= 2, "\(theme) \(paper): \(pages) pages")
                    #expect(info.contains(points), "\(theme) \(paper): \(info)")
                    var totalsPages: Set<Int> = []
                    for page in 1...max(pages, 1) {
                        let text = try await ChildProcess.run(
                            URL(fileURLWithPath: "/usr/bin/pdftotext"), ["-layout", "-f", "\(page)", "-l", "\(page)", pdf.path, "-"]
                        ).stdout
                        // Every page the line table runs on repeats the invoice number above it.
                        if text.contains("DESCRIPTION") {
                            #expect(text.contains(number), "\(theme) \(paper) page \(page) has no running header with \(number)")
                        }
                        #expect(text.contains("Page \(page) of \(pages)"), "\(theme) \(paper) page \(page) has no page number")
                        for label in ["Subtotal", "Total", "Amount due"] where text.contains(where: { _ in true }) {
                            if text.split(separator: "\n").contains(where: { $0.trimmingCharacters(in: .whitespaces).hasPrefix(label + " ") }) {
                                totalsPages.insert(page)
                            }
                        }
                        #expect(!text.contains("Skip to content") && !text.contains("Dashboard"), "\(theme) \(paper): navigation printed")
                    }
                    #expect(totalsPages.count == 1, "\(theme) \(paper): the totals are split over pages \(totalsPages.sorted())")
                }
                // A one-line invoice fits one page, totals and payment details included.
                if let (one, oneNumber) = single[Int64(id)] {
                    try await browser.open(fixture.site(slug).appendingPathComponent("invoices/\(one).html").absoluteString)
                    for (paper, width, height) in [("A4", 21.0, 29.7), ("Letter", 21.59, 27.94)] {
                        let pdf = fixture.folder.appendingPathComponent("\(theme)-\(paper)-one.pdf")
                        try await browser.printPDF(width: width, height: height).write(to: pdf)
                        try? FileManager.default.removeItem(at: Browser.screenshots.appendingPathComponent("invoice-one-line-\(theme)-\(paper).pdf"))
                        try? FileManager.default.copyItem(at: pdf, to: Browser.screenshots.appendingPathComponent("invoice-one-line-\(theme)-\(paper).pdf"))
                        let info = try await ChildProcess.run(URL(fileURLWithPath: "/usr/bin/pdfinfo"), [pdf.path]).stdout
                        #expect(info.contains("Pages:           1"), "\(theme) \(paper): a one-line invoice takes more than a page: \(info)")
                        let text = try await ChildProcess.run(URL(fileURLWithPath: "/usr/bin/pdftotext"), ["-layout", pdf.path, "-"]).stdout
                        #expect(text.contains(oneNumber) && text.contains("Total") && text.contains("Subtotal"), "\(theme) \(paper): \(text.prefix(400))")
                        #expect(!text.contains("Save as PDF"), "\(theme) \(paper): the print button printed")
                    }
                    try await browser.open(fixture.site(slug).appendingPathComponent("invoices/\(invoice).html").absoluteString)
                }
                // A quote prints on one A4 page with its discount and totals, without navigation or button.
                let quote = try await fixture.database().read { db in
                    try Row.fetchOne(
                        db,
                        sql:
                            "SELECT id, quote_number FROM quotes WHERE client_id = ? AND visible_to_client = 1 AND discount_type IS NOT NULL ORDER BY id LIMIT 1",
                        arguments: [id])
                }
                if let quote {
                    try await browser.open(fixture.site(slug).appendingPathComponent("quotes/\(quote[0] as Int64).html").absoluteString)
                    let pdf = fixture.folder.appendingPathComponent("\(theme)-quote.pdf")
                    try await browser.printPDF(width: 21.0, height: 29.7).write(to: pdf)
                    try? FileManager.default.removeItem(at: Browser.screenshots.appendingPathComponent("quote-\(theme)-A4.pdf"))
                    try? FileManager.default.copyItem(at: pdf, to: Browser.screenshots.appendingPathComponent("quote-\(theme)-A4.pdf"))
                    let info = try await ChildProcess.run(URL(fileURLWithPath: "/usr/bin/pdfinfo"), [pdf.path]).stdout
                    #expect(info.contains("Pages:           1"), "\(theme): a three-line quote takes more than a page: \(info)")
                    let text = try await ChildProcess.run(URL(fileURLWithPath: "/usr/bin/pdftotext"), ["-layout", pdf.path, "-"]).stdout
                    #expect(
                        text.contains(quote[1] as String) && text.contains("Subtotal") && text.contains("Discount") && text.contains("Total"),
                        "\(theme): \(text.prefix(600))")
                    #expect(
                        !text.contains("Save as PDF") && !text.contains("Dashboard") && !text.contains("Accept or decline"), "\(theme): \(text.prefix(600))")
                    try await browser.open(fixture.site(slug).appendingPathComponent("invoices/\(invoice).html").absoluteString)
                }
                _ = try await browser.command("POST", "/goog/cdp/execute", ["cmd": "Emulation.setEmulatedMedia", "params": ["media": "print"]])
                let colours =
                    try await browser.run(
                        "return [...document.querySelectorAll('main th, main td, main dt, main h1, main h3')].map(e => getComputedStyle(e).color).filter(c => c !== 'rgb(0, 0, 0)')"
                    ) as? [String]
                #expect(colours?.isEmpty == true, "\(theme) prints in colours other than black: \(Set(colours ?? []))")
                _ = try await browser.command("POST", "/goog/cdp/execute", ["cmd": "Emulation.setEmulatedMedia", "params": ["media": ""]])
            }
        } catch {
            await browser.close()
            throw error
        }
        await browser.close()
    }

    /// The hostile demo and the reviewer's logo URL (`…png"` + U+0301 + ` onerror=…`): on no page does a
    /// script run or an event handler appear, opened from disk where no Content-Security-Policy protects it.
    @Test func noScriptFromTheDatabaseRuns() async throws {
        let fixture = try Fixture(clients: 3, entries: 20, invoices: 2, hostile: true)
        var branding = BrandingOverride()
        branding.logoURL = "https://cdn.example/logo.png\"\u{301} onerror=document.title='PWNED'"
        fixture.configuration.clients = ["1": ClientSettings(branding: branding)]
        try await fixture.build()
        let browser = try await Browser()
        var findings: [String] = []
        do {
            for slug in try Portal(configuration: fixture.configuration).clients()
                .map(\.slug)
            {
                // Every page, then the search and the list filters showing rows of hostile text from the index.
                let pages = fixture.files(slug).filter { $0.hasSuffix(".html") }.map { ($0, "") }
                let searches = [
                    ("search/index.html", "?q=a"), ("search/index.html", "?q=alert"), ("time-entries/index.html", "?q=a"), ("invoices/index.html", "?q=e"),
                ]
                for (path, query) in pages + searches.filter({ fixture.files(slug).contains($0.0) }) {
                    try await browser.open(fixture.site(slug).appendingPathComponent(path).absoluteString + query)
                    if !query.isEmpty {
                        _ = try await browser.runAsync(SearchBrowserTests.filled, ["[data-search-results], [data-filter-results]"])
                    }
                    // An alert would make this command fail ("unexpected alert open").
                    let result =
                        try await browser.run(
                            """
                            await new Promise(r => setTimeout(r, 30));
                            const handlers = [...document.querySelectorAll('*')].flatMap(e => [...e.attributes].filter(a => a.name.startsWith('on')).map(a => e.tagName + '[' + a.name + ']'));
                            const scripts = [...document.scripts].map(s => s.getAttribute('src') || 'inline').filter(s => { const bare = s.replace(/^([.][.][/])*/, ''); return !['assets/live.js?v=', 'assets/print.js?v=', 'assets/search.js?v=', 'search/index.js'].some(own => bare.startsWith(own)); });
                            return { title: document.title, handlers, scripts };
                            """) as? [String: Any]
                    let title = result?["title"] as? String ?? ""
                    let handlers = result?["handlers"] as? [String] ?? ["?"]
                    let scripts = result?["scripts"] as? [String] ?? ["?"]
                    if title.contains("PWNED") || !handlers.isEmpty || !scripts.isEmpty {
                        findings.append("\(slug)/\(path)\(query): \(title) \(handlers) \(scripts)")
                    }
                }
            }
        } catch {
            await browser.close()
            throw error
        }
        await browser.close()
        #expect(findings.isEmpty, "\(findings.prefix(20))")
    }
}

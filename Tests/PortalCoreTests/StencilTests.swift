import Foundation
import Mustache
import PortalDemo
import PortalTestSupport
import Testing

@testable import PortalCore

@Suite struct StencilTests {
    /// Every file of every client, in every theme and in a translated right-to-left language, is byte for
    /// byte what swift-mustache alone renders.
    @Test(arguments: ["en", "ar"]) func stencilsRenderExactlyWhatMustacheRenders(language: String) throws {
        let fixture = try Fixture(clients: 8, entries: 80, invoices: 4, hostile: true)
        let builder = try PortalBuilder(configuration: fixture.configuration, workers: 1)
        let today = builder.portal.today(now: Date(), settings: try builder.portal.settings())
        let library = ThemeLibrary(folder: fixture.configuration.themes)
        #expect(library.available().count >= 3)
        for name in library.available() {
            let theme = try library.load(name, locale: language == "en" ? .english : PortalLocale(language, source: .configuration)!)
            var plain = theme
            plain.stencils = StencilCache(enabled: false)
            for client in try builder.portal.clients() {
                let filled = try #require(try builder.render(client, database: builder.database, theme: theme, today: today))
                let rendered = try #require(try builder.render(client, database: builder.database, theme: plain, today: today))
                #expect(filled.files.map(\.path) == rendered.files.map(\.path))
                for (a, b) in zip(filled.files, rendered.files) where a != b {
                    Issue.record("\(name) theme (\(language)), \(client.slug), \(a.path): the stencil's output differs from Mustache's")
                }
            }
            // Rows, layouts and lists repeat shapes, so most pages must have come from stencils.
            #expect(theme.stencils.stencilCount >= 10)
            #expect(plain.stencils.stencilCount == 0)
            // Every long list of the built-in themes is rendered row by row.
            let cut = theme.rowSections.cutOut
            for (template, keys) in [
                "time-entries": ["timeEntries"], "project": ["timeEntries"], "reports": ["timeEntries", "dates"], "activity": ["items"],
                "notifications": ["rows"], "invoices": ["rows"], "dashboard": ["widgets"], "layout": ["nav"],
            ] {
                #expect(cut[template, default: []].isSuperset(of: keys), "\(name): \(template) repeats \(cut[template, default: []].sorted()) row by row")
            }
        }
    }

    /// A theme repeats lists with plain sections, and its rows are rendered one by one only where that
    /// prints exactly what Mustache prints from the whole template: however the section's lines are laid
    /// out, whatever the row lacks and the page has, whatever encloses it.
    @Test func listsAreRenderedRowByRowExactlyAsMustacheWould() throws {
        let templates = [
            // Standalone, indented tags; a row reads the page's `root` and, where it has none, the page's `note`.
            "templates/dashboard":
                "<h1>{{title}}</h1>\n  {{#rows}}\n  <li><a href=\"{{root}}{{href}}\">{{name}}</a> {{note}}{{#tags}}<i>{{tag}}</i>{{/tags}}</li>\n  {{/rows}}\n{{^rows}}\n<p>none</p>\n{{/rows}}\n",
            // Inline around a one-line row, twice, and CRLF lines.
            "templates/projects":
                "<ul>{{#rows}}<li>{{name}}</li>{{/rows}}</ul>\r\n{{#rows}}\r\n<p>{{name}}</p>\r\n{{/rows}}\r\n<ol>{{#rows}}<li>{{href}}{{name}}</li>{{/rows}}</ol>",
            // Inside a dictionary that may hold its own `rows`: left to Mustache.
            "templates/invoices": "{{#box}}<b>{{#rows}}[{{name}}]{{/rows}}</b>{{/box}}{{#rows}}({{name}}){{/rows}}",
            // A partial included at column 0 is cut; indented (Mustache indents its lines), it is left whole.
            "templates/quotes": "<div>\n{{> list}}\n</div>\n",
            "templates/issues": "<div>\n  {{> list}}\n</div>\n",
            "partials/list": "{{#rows}}\n<li>{{name}}\n</li>\n{{/rows}}\n",
            // Open tag alone on its line, close tag not: left to Mustache.
            "templates/documents": "{{#rows}}\n<li>{{name}}</li>{{/rows}}\n{{rows.0.name}}",
        ]
        let folder = try TemporaryTheme(templates)
        defer { folder.remove() }
        let theme = try ThemeLibrary(folder: folder.themes).load("t")
        var plain = theme
        plain.stencils = StencilCache(enabled: false)
        let names = ["Ada", "", "line\n", "<b>&</b>", "é\u{301}", "two\nlines\n"]
        for count in [0, 1, 2, 5, 9] {
            for template in ["dashboard", "projects", "invoices", "quotes", "issues", "documents"] {
                let rows: [ListRow] = (0..<count).map { index in
                    ListRow([
                        "name": .text(names[index % names.count]), "href": .text("p/\(index).html"),
                        "note": index % 2 == 0 ? .text("own note \(index)") : nil,
                        "tags": index % 3 == 0 ? .list([ListRow(["tag": .text("t\(index)")])]) : nil,
                    ])
                }
                var context: [String: Any] = ["title": "Rows", "root": "../", "note": "the page's note", "rows": rows]
                if count % 2 == 1 { context["box"] = ["rows": [["name": "boxed"]]] as [String: Any] }
                let fast = theme.render(template, context)
                #expect(fast == plain.render(template, context), "\(template), \(count) rows: \(fast)")
            }
        }
        let cut = theme.rowSections.cutOut
        #expect(cut["dashboard"] == ["rows"] && cut["projects"] == ["rows"] && cut["invoices"] == ["rows"] && cut["quotes"] == ["rows"], "\(cut)")
        #expect(cut["documents", default: []].isEmpty && cut["issues", default: []].isEmpty, "\(cut)")
        #expect(theme.rowSections.indentedIncludes().map { "\($0.template):\($0.line) \($0.partial)" } == ["issues:2 list"])
    }

    @Test func hostileTextIsEscapedLikeMustacheEscapesIt() throws {
        let template = "<p title=\"{{name}}\">{{name}}</p>{{{raw}}}{{#flag}}!{{/flag}}{{^flag}}?{{/flag}}<ul>{{#items}}<li>{{.}}</li>{{/items}}</ul>{{count}}"
        let library = MustacheLibrary(templates: ["t": try ThemeLibrary.template(template)])
        let cache = StencilCache(sources: [template])
        let names = [
            "plain", "<script>alert('x')</script>", "a & b \"c\"", "\"\u{301}quote with a combining mark", "\u{E000}0&\u{E001} forged marker", "", "é",
            "ends with <", "<é & <\u{301}", "'quoted' & \"double\"",
        ]
        for round in 0..<3 {
            for (index, name) in names.enumerated() {
                let context: [String: Any] = ["name": name, "raw": "<b>\(name)</b>", "flag": index % 2 == 0, "items": [name, "\(round)"], "count": index]
                #expect(cache.render("t", context, library: library) == library.render(context, withTemplate: "t"))
            }
        }
        #expect(cache.stencilCount == 3)  // flag true / false, and the empty name
    }

    /// swift-mustache indents an indented partial's output after a token that ends a line, so a text that
    /// ends with a newline (or is empty) is structure too; each of these shapes still gets its stencil.
    @Test func indentedPartialsStayExact() throws {
        let page = "<div>\n  {{> inner}}\n</div>\n"
        let inner = "<p>{{a}}</p>\n{{{b}}}\n<i>{{c}}</i>{{{d}}}"
        let library = MustacheLibrary(templates: ["page": try ThemeLibrary.template(page), "inner": try ThemeLibrary.template(inner)])
        let cache = StencilCache(sources: [page, inner])
        let values = ["x", "line\n", "", "two\nlines\n", "a\r\n", "<b>\n"]
        for _ in 0..<3 {
            for a in values {
                for b in values {
                    for d in values {
                        let context: [String: Any] = ["a": a, "b": b, "c": "c", "d": d]
                        #expect(cache.render("page", context, library: library) == library.render(context, withTemplate: "page"), "\(context)")
                    }
                }
            }
        }
        #expect(cache.stencilCount == 27)  // a, b and d each plain, empty or ending a line
    }

    /// The daemon's builder keeps a theme's stencils from one batch to the next until a theme file changes.
    @Test func aBuilderKeepsTheStencilsOfAnUnchangedTheme() throws {
        let fixture = try Fixture(clients: 1, entries: 5, invoices: 1)
        let themes = fixture.configuration.themes
        let builder = try PortalBuilder(configuration: fixture.configuration, workers: 1)
        func stencils(_ name: String) throws -> StencilCache { try builder.loadThemes([ThemeKey(name: name)])[ThemeKey(name: name)]!.get().stencils }
        let first = try stencils("default")
        #expect(try stencils("default") === first)
        #expect(try stencils("dark") !== first)
        // One file of the built-in default, overridden in the themes folder.
        let builtIn = try #require(ThemeLibrary.builtIn).appendingPathComponent("default/templates/layout.mustache")
        let layout = themes.appendingPathComponent("default/templates/layout.mustache")
        try FileManager.default.createDirectory(at: layout.deletingLastPathComponent(), withIntermediateDirectories: true)
        try (try String(contentsOf: builtIn, encoding: .utf8) + "\n").write(to: layout, atomically: true, encoding: .utf8)
        let edited = try stencils("default")
        #expect(edited !== first)
        #expect(try stencils("default") === edited)
    }

    /// `check` names the file and line of a tag that sends a theme down Mustache's slow path.
    @Test func checkWarnsWhereATemplateDefeatsTheStencils() throws {
        let fixture = try Fixture(clients: 1, entries: 5, invoices: 1)
        let partials = fixture.configuration.themes.appendingPathComponent("default/partials")
        try FileManager.default.createDirectory(at: partials, withIntermediateDirectories: true)
        try "<footer>\n  <p>{{company}}</p>\n  <p>{{ lowercased(company) }}</p>\n</footer>\n".write(
            to: partials.appendingPathComponent("footer.mustache"), atomically: true, encoding: .utf8)
        let findings = PortalChecker(configuration: fixture.configuration).run()
        let warning = findings.first { $0.message.contains("footer.mustache:3") }
        #expect(warning?.level == .warning && warning?.message.contains("lowercased(company)") == true, "\(findings.map(\.message))")
        #expect(StencilCache.fastPathProblems(in: "a\n{{=<% %>=}}\n").map(\.line) == [2])
        // An indented include of a partial that repeats a list is named too; the built-in themes have none.
        #expect(!findings.contains { $0.message.contains("is indented") }, "\(findings.map(\.message))")
        try "<main>\n  {{> entries-table}}\n</main>\n".write(
            to: partials.appendingPathComponent("footer.mustache"), atomically: true, encoding: .utf8)
        let indented = PortalChecker(configuration: fixture.configuration).run().first {
            $0.message.contains("footer.mustache:2: {{> entries-table}} is indented")
        }
        #expect(indented?.level == .warning)
    }

    /// docs/theme-keys.md is what the page models give the templates today (`portalgen themes --keys`).
    @Test func theKeyReferenceIsCurrent() throws {
        let file = Fixture.packageRoot.appendingPathComponent("docs/theme-keys.md")
        let generated = try ThemeKeyReference.markdown()
        #expect(generated == (try String(contentsOf: file, encoding: .utf8)), "docs/theme-keys.md is stale: run `portalgen themes --keys > docs/theme-keys.md`")
        #expect(generated.contains("### `dashboard` (templates/dashboard.mustache)") && generated.contains("| `widgets[].stats.cards[].label` | text |"))
        #expect(generated.contains("| `timeEntries[].tags[].tag` | text |") && generated.contains("| `rows[].unread` | flag |"))
        // No list reaches a template as pre-rendered HTML: a theme repeats rows with plain sections.
        #expect(!generated.contains("HTML`"), "a key ending in HTML is back")
    }

    @Test func templatesThatComputeWithTextAreLeftToMustache() {
        #expect(StencilCache.looksInsideText("{{ lowercased(name) }}"))
        #expect(StencilCache.looksInsideText("{{#first()}}x{{/first()}}"))
        #expect(StencilCache.looksInsideText("{{>*dynamic}}"))
        #expect(StencilCache.looksInsideText("{{=<% %>=}}"))
        #expect(!StencilCache.looksInsideText("{{#rows}}<td>{{name}}</td>{{/rows}}{{{html}}}{{> partial}}"))
    }
}

import Foundation
import PortalTestSupport
import Testing

@testable import PortalCore

@Suite struct ThemeTests {
    let fixture: Fixture
    let report: BuildReport

    init() async throws {
        fixture = try Fixture(clients: 4, entries: 20, invoices: 3)
        fixture.configuration.clients = ["acme-quotes-co": ClientSettings(theme: "dark"), "3": ClientSettings(theme: "corporate")]
        report = try await fixture.build()
    }

    func text(_ slug: String, _ path: String) throws -> String {
        try String(contentsOf: fixture.site(slug).appendingPathComponent(path), encoding: .utf8)
    }

    @Test func clientsGetTheirOwnColoursAndTitles() throws {
        #expect(report.succeeded)
        #expect(try text("mueller-soehne-gmbh", "assets/brand.css").contains("--primary: #004b87;"))
        #expect(try text("nakamura-zhu-shi-hui-she", "assets/brand.css").contains("--primary: #bc002d;"))
        #expect(try fixture.page("mueller-soehne-gmbh", "index.html").text("//span[@class='portal-title']") == "Müller & Söhne — Kundenportal")
        #expect(try fixture.page("nakamura-zhu-shi-hui-she", "index.html").text("//span[@class='portal-title']") == "中村 ポータル")
        #expect(try fixture.page("mueller-soehne-gmbh", "index.html").text("//title")?.hasPrefix("Müller & Söhne — Kundenportal - ") == true)
        // Acme's brand colour #ff6600 fails AA as link text on white; the default theme's links get a darker shade.
        #expect(try text("acme-quotes-co", "assets/brand.css").contains("--primary: #ff6600;"))
    }

    @Test func inheritanceOverridesExactlyWhatItNames() throws {
        let library = ThemeLibrary(folder: fixture.configuration.themes)
        let base = try library.load("default"), corporate = try library.load("corporate")
        #expect(corporate.chain == ["corporate", "default"])
        #expect(corporate.templateFiles["footer"]?.contains("/corporate/") == true)
        #expect(corporate.templateFiles["dashboard"] == base.templateFiles["dashboard"])
        #expect(corporate.assets["portal.css"] == base.assets["portal.css"])
        #expect(corporate.assets["theme.css"]?.path.contains("/corporate/") == true)
        let footer = try fixture.page("nakamura-zhu-shi-hui-she", "index.html").text("//footer/p")
        #expect(footer?.contains("Last updated") == true)
        #expect(try fixture.page("mueller-soehne-gmbh", "index.html").text("//footer/p")?.contains("Generated") == true)
        #expect(FileManager.default.fileExists(atPath: fixture.site("nakamura-zhu-shi-hui-she").appendingPathComponent("assets/theme.css").path))
        #expect(!FileManager.default.fileExists(atPath: fixture.site("mueller-soehne-gmbh").appendingPathComponent("assets/theme.css").path))
    }

    /// The default theme (and corporate, which extends it) is dark where the reader's system is; the dark theme is
    /// dark always: the same stylesheet and palette, under a different `media`.
    @Test func darkModeFollowsTheSystemUnlessTheThemeIsDark() throws {
        func darkStylesheet(_ slug: String) throws -> String? {
            try fixture.page(slug, "index.html").nodes("//link[contains(@href, 'assets/dark.css')]").first?.attributes["media"]
        }
        #expect(try darkStylesheet("mueller-soehne-gmbh") == "screen and (prefers-color-scheme: dark)")
        #expect(try darkStylesheet("nakamura-zhu-shi-hui-she") == "screen and (prefers-color-scheme: dark)")
        #expect(try darkStylesheet("acme-quotes-co") == "screen")
        #expect(try fixture.page("mueller-soehne-gmbh", "index.html").nodes("//meta[@name='color-scheme']").first?.attributes["content"] == "light dark")
        let light = try text("mueller-soehne-gmbh", "assets/brand.css")
        #expect(light.contains("@media screen and (prefers-color-scheme: dark) {") && light.contains("--background: #0f172a;"))
        // The client's brand colour stays, made readable as text on the dark surface too.
        let dark = try #require(light.components(separatedBy: "@media").last)
        #expect(dark.contains("--primary: #004b87;") && dark.contains("--primary-text: ") && !dark.contains("--primary-text: #004b87;"))
        #expect(try !text("acme-quotes-co", "assets/brand.css").contains("@media"))
    }

    @Test func hostileCustomHTMLIsNeutralised() throws {
        let page = try fixture.page("acme-quotes-co", "index.html")
        let header = try #require(page.nodes("//div[@class='custom-header']").first)
        #expect(header.text.contains("Beep"))
        #expect(page.nodes("//div[@class='custom-header']//*[@onclick]").isEmpty)
        #expect(page.nodes("//script").count == 3, "the theme's live, print and search scripts only")
        for link in page.nodes("//a[@href]") { #expect(!link.attributes["href"]!.lowercased().contains("javascript")) }
        #expect(!page.nodes("//footer//a[@href='https://acme.example']").isEmpty)
        // Navigation items: the safe ones are shown, the javascript: one is dropped.
        #expect(page.texts("//ul[@class='nav-wide']//a[contains(@class,'external')]") == ["Docs", "Support <24/7>"])
    }

    @Test func hostileCustomCSSStaysInTheStylesheet() throws {
        let css = try text("acme-quotes-co", "assets/custom.css")
        #expect(css.contains("letter-spacing"))
        #expect(!css.contains("</"))
        #expect(!css.lowercased().contains("<script"))
        for file in fixture.files("acme-quotes-co") where file.hasSuffix(".html") {
            let page = try fixture.page("acme-quotes-co", file)
            #expect(page.nodes("//style").isEmpty)
            #expect(page.nodes("//*[@style]").isEmpty)
            #expect(!(try text("acme-quotes-co", file)).contains("letter-spacing"))
        }
    }

    @Test func checkReportsBrokenTemplatesWithFileAndLine() throws {
        // Themes of one's own beside the built-in ones.
        let themes = fixture.folder.appendingPathComponent("MyThemes")
        let broken = themes.appendingPathComponent("broken")
        try FileManager.default.createDirectory(at: broken.appendingPathComponent("templates"), withIntermediateDirectories: true)
        try #"{"name": "Broken", "extends": "default"}"#.write(to: broken.appendingPathComponent("theme.json"), atomically: true, encoding: .utf8)
        try "<h1>{{title}}</h1>\n<ul>\n{{#projects}}<li>{{name}}</li>\n{{/project}}\n</ul>\n".write(
            to: broken.appendingPathComponent("templates/projects.mustache"), atomically: true, encoding: .utf8)
        let cycle = themes.appendingPathComponent("loop")
        try FileManager.default.createDirectory(at: cycle, withIntermediateDirectories: true)
        try #"{"name": "Loop", "extends": "loop"}"#.write(to: cycle.appendingPathComponent("theme.json"), atomically: true, encoding: .utf8)
        var configuration = fixture.configuration
        configuration.themes = themes
        configuration.clients = ["1": ClientSettings(theme: "broken"), "2": ClientSettings(theme: "missing-parent")]
        let findings = PortalChecker(configuration: configuration).run().filter { $0.level == .error }.map(\.message)
        #expect(findings.contains { $0.contains("broken/templates/projects.mustache:4") }, "\(findings)")
        #expect(findings.contains { $0.contains("inheritance cycle") })
        #expect(findings.contains { $0.contains("missing-parent") })
        // A standalone theme that lacks partials its templates do not use gets them from the built-in default.
        let bare = themes.appendingPathComponent("bare")
        try FileManager.default.createDirectory(at: bare.appendingPathComponent("templates"), withIntermediateDirectories: true)
        try #"{"name": "Bare"}"#.write(to: bare.appendingPathComponent("theme.json"), atomically: true, encoding: .utf8)
        for template in Theme.pageTemplates {
            try "<p>{{title}}</p>\n".write(to: bare.appendingPathComponent("templates/\(template).mustache"), atomically: true, encoding: .utf8)
        }
        let loaded = try ThemeLibrary(folder: themes).load("bare")
        #expect(loaded.inheritedFromDefault.contains("entry-row") && loaded.inheritedFromDefault.contains("entries-table"))
        #expect(Set(loaded.inheritedFromDefault).isDisjoint(with: Theme.pageTemplates), "\(loaded.inheritedFromDefault)")
        // Colours in a theme manifest must be hex.
        try #"{"name": "Bad colours", "colors": {"primary": "red"}}"#.write(to: cycle.appendingPathComponent("theme.json"), atomically: true, encoding: .utf8)
        #expect(throws: ThemeError.self) { try ThemeLibrary(folder: themes).load("loop") }
    }

    @Test func aBrokenThemeFailsOnlyItsClients() async throws {
        fixture.configuration.clients = ["1": ClientSettings(theme: "missing-parent")]
        let second = try await fixture.build()
        #expect(second.failures.map(\.slug) == ["mueller-soehne-gmbh"])
        #expect(second.clients.filter(\.succeeded).count == 3)
    }
}

/// The shipped themes are built in: the built binary, run from an empty folder that holds only a
/// config.json naming a database, produces every page; a themes folder there overrides one file.
@Suite struct BuiltInThemeTests {
    @Test func theBinaryBuildsFromAnEmptyFolderWithTheBuiltInThemes() async throws {
        let fixture = try Fixture(clients: 3, entries: 20, invoices: 2)
        let folder = fixture.folder.appendingPathComponent("elsewhere")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let config = folder.appendingPathComponent("config.json")
        try JSONSerialization.data(withJSONObject: [
            "database": fixture.databasePath, "output": "out", "today": "2026-11-20", "clients": ["2": ["theme": "dark"], "3": ["theme": "corporate"]],
        ])
        .write(to: config)
        let built = try await Fixture.run(["build", "--config", config.path], in: folder)
        #expect(built.status == 0, "\(built.stdout) \(built.stderr)")
        let report = try await fixture.build()
        for client in report.clients {
            let site = folder.appendingPathComponent("out").appendingPathComponent(client.slug)
            for page in ["index.html", "invoices/index.html", "statement/index.html", "reports/index.html", "assets/portal.css"]
            where fixture.files(client.slug).contains(page) {
                #expect(FileManager.default.fileExists(atPath: site.appendingPathComponent(page).path), "\(client.slug)/\(page)")
            }
        }
        let themes = try await Fixture.run(["themes", "--config", config.path], in: folder)
        #expect(themes.stdout.contains("default (built in)") && themes.stdout.contains("dark (built in, extends default)"), "\(themes.stdout)")

        // One partial of the default theme replaced in the themes folder next to the config.
        let footer = folder.appendingPathComponent("Themes/default/partials/footer.mustache")
        try FileManager.default.createDirectory(at: footer.deletingLastPathComponent(), withIntermediateDirectories: true)
        try "<footer class=\"site-footer\"><p>Our own footer</p></footer>\n".write(to: footer, atomically: true, encoding: .utf8)
        #expect(try await Fixture.run(["build", "--config", config.path], in: folder).status == 0)
        let slug = try #require(report.clients.first { $0.clientID == 1 }).slug
        let page = try String(contentsOf: folder.appendingPathComponent("out/\(slug)/index.html"), encoding: .utf8)
        #expect(page.contains("Our own footer") && page.contains("site-header"))
        let listed = try await Fixture.run(["themes", "--config", config.path], in: folder)
        #expect(listed.stdout.contains("default (built in, overridden by"), "\(listed.stdout)")
    }
}

import Foundation
import GRDB
import PortalTestSupport
import Testing

@testable import PortalCore

/// Each client reads the portal in their own language, numbers, money and dates in their locale's
/// conventions, checked against the SQL figures and the catalogs.
@Suite struct LanguageTests {
    /// The languages the built-in themes have a catalog for.
    static let catalogLanguages: [String] = {
        let folder = Fixture.packageRoot.appendingPathComponent("Themes/default/locales")
        let files = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return files.filter { $0.hasSuffix(".po") }.map { String($0.dropLast(3)) }.sorted()
    }()

    /// Every page kind in every language: no message a template or page asks for lacks its translation
    /// (the failure lists them), and every page says its language.
    /// The README's list of languages is the catalogs that ship.
    @Test func theReadmeListsTheLanguagesThatShip() throws {
        let readme = try String(contentsOf: Fixture.packageRoot.appendingPathComponent("README.md"), encoding: .utf8)
        let sentence = try #require(readme.range(of: "English and\n  ").map { readme[$0.upperBound...].prefix { $0 != ";" } })
        let listed = sentence.split(whereSeparator: { ", \n".contains($0) }).filter { $0 != "and" }.map(String.init)
        let folder = Fixture.packageRoot.appendingPathComponent("Themes/default/locales")
        let shipped = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".po") }.map { String($0.dropLast(3)) }
        #expect(listed == shipped.sorted())
        #expect(["en"] + listed == PortalLocale.shippedLanguages.filter { $0 == "en" } + PortalLocale.shippedLanguages.filter { $0 != "en" })
    }

    @Test(arguments: catalogLanguages) func everyPageKindIsTranslated(language: String) async throws {
        let fixture = try Fixture(clients: 8, entries: 40, invoices: 4, hostile: true)
        fixture.configuration.locale = PortalLocale(language, source: .configuration)
        fixture.configuration.timetrackerURL = "https://tt.example.com"
        let report = try await fixture.build()
        #expect(report.clients.allSatisfy { $0.error == nil })
        let builder = try PortalBuilder(configuration: fixture.configuration, workers: 1)
        let key = ThemeKey(name: "default", locale: PortalLocale(language, source: .configuration)!)
        let theme = try builder.loadThemes([key])[key]!.get()
        #expect(theme.untranslated.isEmpty, "\(language): templates with messages its catalog lacks: \(theme.untranslated)")
        #expect(theme.brokenMessages.isEmpty, "\(language): \(theme.brokenMessages)")
        let clients = try builder.portal.clients()
        for client in clients {
            _ = try builder.render(client, database: builder.database, theme: theme, today: Fixture.today)
        }
        #expect(theme.localizer.missing.isEmpty, "\(language): messages pages asked for that its catalog lacks: \(theme.localizer.missing.sorted())")
        let slug = try #require(report.clients.first?.slug)
        let page = try fixture.page(slug, "index.html")
        // The printed page footer speaks the language too (the print CSS puts these around its counters).
        let brand = try String(contentsOf: fixture.site(slug).appendingPathComponent("assets/brand.css"), encoding: .utf8)
        #expect(brand.contains("--page-before: \"") && brand.contains("--page-between: \""), "\(brand)")
        if language == "de" { #expect(brand.contains("--page-before: \"Seite \";") && brand.contains("--page-between: \" von \";")) }
        #expect(page.text("/html/@lang") == language)
        #expect(page.text("/html/@dir") == (language == "ar" || language == "he" ? "rtl" : "ltr"))
    }

    /// The built-in catalogs cover every English message of the template (`portal.pot`), and every
    /// template message is in the template.
    @Test func catalogsCoverTheTemplate() throws {
        let folder = Fixture.packageRoot.appendingPathComponent("Themes/default/locales")
        let pot = try MessageCatalog(po: String(contentsOf: folder.appendingPathComponent("portal.pot"), encoding: .utf8), language: "en", file: "portal.pot")
        var english = Set<String>()
        // The .pot's msgstr are empty, so its messages are read as missing; take the msgids from its text.
        let text = try String(contentsOf: folder.appendingPathComponent("portal.pot"), encoding: .utf8)
        for line in text.split(separator: "\n") where line.hasPrefix("msgid \"") {
            english.insert(try MessageCatalog.unquote(String(line.dropFirst(6)), file: "portal.pot", line: 0))
        }
        english.remove("")
        #expect(pot.messages.isEmpty)
        let themes = Fixture.packageRoot.appendingPathComponent("Themes")
        for theme in ["default", "dark", "corporate"] {
            for sub in ["templates", "partials"] {
                for file in ThemeLibrary.files(in: themes.appendingPathComponent("\(theme)/\(sub)")) {
                    let source = try String(contentsOf: themes.appendingPathComponent("\(theme)/\(sub)/\(file)"), encoding: .utf8)
                    for message in try TemplateTranslator.messages(in: source) {
                        #expect(english.contains(message), "\(theme)/\(sub)/\(file): \"\(message)\" is not in portal.pot (run scripts/extract-messages.py)")
                    }
                }
            }
        }
        for language in Self.catalogLanguages {
            let catalog = try MessageCatalog(contentsOf: folder.appendingPathComponent("\(language).po"), language: language)
            let missing = english.subtracting(catalog.messages.keys)
            #expect(missing.isEmpty, "\(language).po lacks \(missing.sorted())")
            let unused = Set(catalog.messages.keys).subtracting(english)
            #expect(unused.isEmpty, "\(language).po has messages no template or page uses: \(unused.sorted())")
        }
    }

    /// Money, numbers and dates as each locale writes them, from Foundation's locale data.
    @Test func formatsFollowTheLocale() {
        let settings = DisplayFormat(dateFormat: "YYYY-MM-DD", timeFormat: "24h")
        func format(_ id: String) -> LocaleFormat { LocaleFormat(settings: settings, locale: PortalLocale(id, source: .client)!) }
        let amount = Money(Decimal(string: "1028.98")!, "EUR")
        #expect(format("de-DE").money(amount) == "1.028,98\u{A0}€")
        #expect(format("fr-FR").money(amount) == "1\u{202F}028,98\u{A0}€")
        #expect(format("nl-NL").money(amount) == "€\u{A0}1.028,98")
        #expect(format("ja-JP").money(Money(Decimal(string: "1028.98")!, "JPY")) == "¥1,029")
        #expect(format("de-DE").money(Money(-10, "EUR")) == "\u{2212}10,00\u{A0}€")
        #expect(LocaleFormat(settings: settings).money(Money(-10, "USD")) == "\u{2212}10.00\u{A0}USD")
        #expect(LocaleFormat(settings: settings).money(amount) == "1,028.98\u{A0}EUR")
        #expect(format("de-DE").quantity(Decimal(string: "4.0019")!) == "4,0019")
        #expect(format("de-DE").quantity(Decimal(string: "2.50")!) == "2,5")
        #expect(format("de-DE").unitPrice(Money(Decimal(string: "1049.7347")!, "EUR")) == "1.049,7347\u{A0}€")
        #expect(format("de-DE").unitPrice(Money(Decimal(string: "12.5")!, "EUR")) == "12,50\u{A0}€")
        let day = CalendarDate(iso: "2026-11-20")!
        #expect(format("de-DE").date(day) == "20.11.2026")
        #expect(format("fr-FR").date(day) == "20/11/2026")
        #expect(LocaleFormat(settings: settings).date(day) == "2026-11-20")
        // An admin's choice in TimeTracker's settings wins over the locale's.
        #expect(
            LocaleFormat(settings: DisplayFormat(dateFormat: "DD.MM.YYYY", timeFormat: "24h"), locale: PortalLocale("fr-FR", source: .client)!).date(day)
                == "20.11.2026")
        #expect(format("de-DE").month(11, year: 2026) == "November 2026")
        #expect(format("fr-FR").month(11, year: 2026) == "Novembre 2026")
        #expect(format("de-DE").hours(Hours(centi: 150)) == "1,50h")
        #expect(format("de-DE").hoursOneDecimal(Hours(centi: 1235)) == "12,3h", "as %.1f of the binary double 12.35")
        #expect(format("de-DE").hoursOneDecimal(Hours(centi: 123_456)) == "1.234,6h")
        // Every figure of hours carries the unit as the locale writes it, never parted from its number.
        #expect(format("fi-FI").hoursOneDecimal(Hours(centi: 17190)) == "171,9\u{00A0}t")
        #expect(format("nl-NL").hours(Hours(centi: 150)) == "1,50\u{00A0}u")
        #expect(format("en-US").hours(Hours(centi: 150)) == "1.50h")
    }

    /// CLDR plural rules through gettext's Plural-Forms: Arabic's six forms.
    @Test func arabicHasSixPluralForms() throws {
        let rule = try PluralRule(header: "nplurals=6; plural=(n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 : n%100>=11 ? 4 : 5);")
        #expect([0, 1, 2, 3, 10, 11, 99, 100, 102, 103].map(rule.form(for:)) == [0, 1, 2, 3, 3, 4, 4, 5, 5, 3])
        #expect(PluralRule.english.form(for: 1) == 0 && PluralRule.english.form(for: 2) == 1)
        #expect(throws: PluralRuleError.self) { try PluralRule(header: "nplurals=2; plural=(n != 1") }
    }

    /// A translation that drops or invents a placeholder is not used, and is reported with its line.
    @Test func brokenPlaceholdersAreReported() throws {
        #expect(MessageCatalog.placeholderProblem(msgid: "Welcome, {{name}}", translation: "Willkommen, {{nmae}}") != nil)
        #expect(MessageCatalog.placeholderProblem(msgid: "Welcome, {{name}}", translation: "{{name}}, willkommen") == nil)
        let fixture = try Fixture(clients: 2, entries: 5, invoices: 1)
        let locales = fixture.configuration.themes.appendingPathComponent("default/locales")
        try FileManager.default.createDirectory(at: locales, withIntermediateDirectories: true)
        try "msgid \"\"\nmsgstr \"\"\n\nmsgid \"Welcome, {{name}}\"\nmsgstr \"Willkommen, {{nmae}}\"\n".write(
            to: locales.appendingPathComponent("de.po"), atomically: true, encoding: .utf8)
        let theme = try ThemeLibrary(folder: fixture.configuration.themes).load("default", locale: PortalLocale("de", source: .client)!)
        #expect(theme.brokenMessages.count == 1 && theme.brokenMessages[0].contains("de.po:4"), "\(theme.brokenMessages)")
        #expect(theme.localizer("Welcome, {{name}}", ["name": "Ana"]) == "Welcome, Ana")
    }

    /// The sample's figures, rendered in de-DE, fr-FR, ja-JP and ar, parse back to the SQL figures.
    @Test(
        .enabled(if: FileManager.default.fileExists(atPath: samplePath)),
        arguments: ["de-DE", "fr-FR", "ja-JP", "ar"])
    func figuresParseBackInEveryLocale(locale: String) async throws {
        let fixture = try Fixture(databasePath: samplePath)
        fixture.configuration.locale = PortalLocale(locale, source: .configuration)
        let report = try await fixture.build()
        let rows = try await readOnlySample().read { db in
            try Row.fetchAll(db, sql: "SELECT id, client_id, total_amount FROM invoices WHERE status NOT IN ('draft')")
        }
        let numbers = NumberStyle(locale: PortalLocale(locale, source: .client)!.foundation)
        var checked = 0
        for row in rows {
            guard let result = report.clients.first(where: { $0.clientID == row["client_id"] as Int64 }) else { continue }
            let path = "invoices/\(row["id"] as Int64).html"
            guard FileManager.default.fileExists(atPath: fixture.site(result.slug).appendingPathComponent(path).path) else { continue }
            let shown = try #require(try fixture.page(result.slug, path).text("//tr[@class='grand']/td"))
            let expected = Money.rounded(Decimal(string: String(format: "%.2f", row["total_amount"] as Double))!)
            #expect(Self.parse(shown, numbers) == expected, "\(locale) invoice \(row["id"] as Int64): \(shown)")
            checked += 1
        }
        #expect(checked >= 5)
    }

    /// A client's locale: its own in config.json, else what its portal users agree on, else the
    /// configuration's, else English; `clients` says which.
    @Test func theClientsLocaleComesFromConfigThenItsPortalUsers() async throws {
        let fixture = try Fixture(clients: 3, entries: 5, invoices: 1)
        try await fixture.database().write { db in
            try db.execute(sql: "UPDATE users SET preferred_language = 'de_DE' WHERE client_id = 1")
            try db.execute(sql: "UPDATE users SET preferred_language = 'fr' WHERE client_id = 2")
            try db.execute(sql: "CREATE TEMP TABLE second AS SELECT * FROM users WHERE client_id = 2 LIMIT 1")
            try db.execute(sql: "UPDATE second SET id = (SELECT max(id) + 1 FROM users), username = 'second.portal.user', preferred_language = 'it'")
            try db.execute(sql: "INSERT INTO users SELECT * FROM second")
        }
        fixture.configuration.locale = PortalLocale("nl-NL", source: .configuration)
        fixture.configuration.clients = ["3": ClientSettings(locale: "ar")]
        let clients = try Portal(configuration: fixture.configuration).clients()
        let byID = Dictionary(uniqueKeysWithValues: clients.map { ($0.id, $0.locale) })
        #expect(byID[1]?.identifier == "de-DE" && byID[1]?.source == .portalUsers)
        #expect(byID[2]?.identifier == "nl-NL" && byID[2]?.source == .configuration, "two portal users who disagree choose nothing")
        #expect(byID[3]?.identifier == "ar" && byID[3]?.source == .client)
    }

    /// `check` fails on a translation with a broken placeholder, naming the file and line, and lists
    /// messages a template uses that no catalog translates.
    @Test func checkReportsBrokenAndMissingTranslations() throws {
        let fixture = try Fixture(clients: 2, entries: 5, invoices: 1)
        let theme = fixture.configuration.themes.appendingPathComponent("default")
        try FileManager.default.createDirectory(at: theme.appendingPathComponent("locales"), withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: theme.appendingPathComponent("partials"), withIntermediateDirectories: true)
        try "msgid \"\"\nmsgstr \"\"\n\nmsgid \"Times in {{zone}}\"\nmsgstr \"Zeiten in {{zona}}\"\n".write(
            to: theme.appendingPathComponent("locales/de.po"), atomically: true, encoding: .utf8)
        try "<footer>{{#i18n}}A sentence no catalog has{{/i18n}} {{timeZone}}</footer>\n".write(
            to: theme.appendingPathComponent("partials/footer.mustache"), atomically: true, encoding: .utf8)
        let findings = PortalChecker(configuration: fixture.configuration).run()
        #expect(findings.contains { $0.level == .error && $0.message.contains("de.po:4") && $0.message.contains("{{zone}}") }, "\(findings)")
        #expect(findings.contains { $0.level == .warning && $0.message.contains("(fr)") && $0.message.contains("A sentence no catalog has") }, "\(findings)")
    }

    /// A font family written in its own script is a font name (still refusing what would break the CSS).
    @Test func fontNamesInTheirOwnScriptAreAccepted() async throws {
        let fixture = try Fixture(clients: 2, entries: 5, invoices: 1)
        var japanese = BrandingOverride(), hostile = BrandingOverride()
        japanese.fontFamily = "メイリオ, 'Microsoft YaHei', 微软雅黑, sans-serif"
        hostile.fontFamily = "x;}body{display:none"
        fixture.configuration.clients = ["1": ClientSettings(branding: japanese), "2": ClientSettings(branding: hostile)]
        let report = try await fixture.build()
        let first = try #require(report.clients.first { $0.clientID == 1 }), second = try #require(report.clients.first { $0.clientID == 2 })
        let css = try String(contentsOf: fixture.site(first.slug).appendingPathComponent("assets/brand.css"), encoding: .utf8)
        #expect(css.contains("--font-body: メイリオ, 'Microsoft YaHei', 微软雅黑, sans-serif;"), "\(css)")
        #expect(!first.warnings.contains { $0.contains("font") }, "\(first.warnings)")
        let hostileCSS = try String(contentsOf: fixture.site(second.slug).appendingPathComponent("assets/brand.css"), encoding: .utf8)
        #expect(!hostileCSS.contains("display:none") && second.warnings.contains { $0.contains("font") })
    }

    /// The number in `text`, read with the locale's separators and digits (its currency sign dropped).
    static func parse(_ text: String, _ numbers: NumberStyle) -> Decimal? {
        var plain = ""
        for character in text {
            if let index = numbers.digits?.firstIndex(of: character) {
                plain.append(Character(String(index)))
                continue
            }
            if character.isASCII, character.isNumber { plain.append(character) }
            if String(character) == numbers.decimalSeparator { plain.append(".") }
            if character == "\u{2212}" { plain.append("-") }
        }
        return Decimal(string: plain)
    }
}

import Foundation
import Testing

@testable import PortalCore

@Suite struct FormattingTests {
    @Test func hoursRoundLikeTimeTracker() {
        // 450 s = 0.125 h exactly: half-to-even on the exact binary value gives 0.12.
        #expect(Hours(seconds: 450).twoDecimals == "0.12")
        // 18 s = 0.005 h, whose double is slightly above .005: 0.01.
        #expect(Hours(seconds: 18).twoDecimals == "0.01")
        #expect(Hours(seconds: 4518).twoDecimals == "1.25")
        #expect(Hours(seconds: 5400).short == "1.50h")
        #expect(Hours(seconds: nil) == .zero)
        #expect(Hours(seconds: 0) == .zero)
        for seconds in stride(from: 0, to: 200_000, by: 7) {
            #expect(Hours(seconds: seconds).twoDecimals == String(format: "%.2f", Double(seconds) / 3600))
        }
    }

    @Test func moneyHasTwoDecimalsGroupingAndCode() {
        #expect(Money(Decimal(string: "1234.5")!, "EUR").formatted == "1,234.50\u{A0}EUR")
        #expect(Money(Decimal(string: "-12")!, "USD").formatted == "\u{2212}12.00\u{A0}USD")
        #expect(Money(Decimal(string: "0.05")!, "GBP").formatted == "0.05\u{A0}GBP")
        #expect(Money(Decimal(string: "1000000")!, "JPY").formatted == "1,000,000.00\u{A0}JPY")
        #expect(Money.plain(Decimal(string: "1234567.891")!) == "1234567.89")
    }

    @Test func moneyTotalsNeverMixCurrencies() {
        var totals = MoneyTotals()
        totals.add(10, "EUR")
        totals.add(5, "USD")
        totals.add(Decimal(string: "2.5")!, "EUR")
        #expect(totals.amounts.map(\.formatted) == ["12.50\u{A0}EUR", "5.00\u{A0}USD"])
        #expect(MoneyTotals().amountsOrZero("EUR").map(\.formatted) == ["0.00\u{A0}EUR"])
    }

    @Test func datesParseAndFormat() throws {
        let value = try #require(LocalDateTime(text: "2026-03-29 01:30:00.123456"))
        #expect(value.microsecond == 123_456)
        #expect(LocalDateTime(text: "2026-03-29 01:30:00")?.secondOfDay == 5400)
        #expect(LocalDateTime(text: "2026-02-30 01:30:00") == nil)
        #expect(LocalDateTime(text: "yesterday") == nil)
        let format = LocaleFormat(settings: DisplayFormat(dateFormat: "DD.MM.YYYY", timeFormat: "12h"))
        #expect(format.dateTime(value) == "29.03.2026 01:30 AM")
        #expect(LocaleFormat(settings: DisplayFormat(dateFormat: "bogus", timeFormat: "bogus")).dateTime(value) == "2026-03-29 01:30")
        #expect(CalendarDate(iso: "2026-12-31")!.adding(days: 1).iso == "2027-01-01")
        #expect(CalendarDate(iso: "2024-02-28")!.adding(days: 1).iso == "2024-02-29")
    }

    @Test func utcColumnsAreShownInTheAppTimeZone() throws {
        let rome = try #require(TimeZone(identifier: "Europe/Rome"))
        #expect(LocalDateTime(text: "2026-07-03 09:45:12")!.converted(fromUTCTo: rome).description == "2026-07-03 11:45:12")
        #expect(LocalDateTime(text: "2026-11-20 23:30:00")!.converted(fromUTCTo: rome).description == "2026-11-21 00:30:00")
    }

    @Test func slugsAreSafeStableAndReadable() {
        #expect(ClientSlug.make(from: "Müller & Söhne") == "mueller-soehne")
        #expect(ClientSlug.make(from: "<b>Acme</b> \"Quotes\" & 'Co'") == "acme-quotes-co")
        #expect(ClientSlug.make(from: "Северсталь Консалтинг") == "severstal-konsalting")
        #expect(ClientSlug.make(from: "../../etc/passwd") == "etc-passwd")
        #expect(ClientSlug.make(from: "🚀🚀") == "")
        for name in ["../x", "a/b", "..", ".hidden", "C:\\Windows", "x\u{0}y", String(repeating: "long name ", count: 30)] {
            let slug = ClientSlug.make(from: name)
            #expect(slug.isEmpty || ClientSlug.isValid(slug), "\(name) -> \(slug)")
        }
    }

    @Test func duplicateNamesGetTheIDAndTheOldestKeepsItsSlug() {
        let configuration = PortalConfiguration(
            database: .sqlite(URL(fileURLWithPath: "/x")), output: URL(fileURLWithPath: "/o"), themes: URL(fileURLWithPath: "/t"))
        let clients = ClientDirectory.assignSlugs([(id: 9, name: "Acme"), (id: 3, name: "ACME"), (id: 4, name: "🚀")], configuration: configuration)
        #expect(clients.map(\.slug) == ["acme", "client-4", "acme-9"])
    }

    @Test func textDropsControlCharactersHTMLForbids() {
        #expect(Presentation.text("a\u{0}b\u{7}c\u{7F}d\u{85}e\u{9F}f\rg") == "abcdefg")
        #expect(Presentation.text("tab\tnew\nline é 中 🙂 \u{A0}\u{100}") == "tab\tnew\nline é 中 🙂 \u{A0}\u{100}")
        #expect(Presentation.truncated("ééééé", 4) == "éééé…")
        #expect(Presentation.truncated("éééé", 4) == "éééé")
    }

    @Test func sanitizerKeepsAllowlistOnly() {
        let dirty =
            #"<div class="x" onclick="evil()">Hi <script>alert(1)</script><a href="javascript:alert(2)">a</a> <a href="https://ok.example">b</a><img src=x onerror=alert(3)><style>body{}</style><iframe src="https://x"></iframe><b>bold</b></div>"#
        let clean = HTMLSanitizer.sanitize(dirty)
        #expect(!clean.contains("script"))
        #expect(!clean.contains("onclick"))
        #expect(!clean.contains("onerror"))
        #expect(!clean.contains("javascript"))
        #expect(!clean.contains("iframe"))
        #expect(!clean.contains("<style"))
        #expect(clean.contains(#"<a href="https://ok.example" rel="noopener noreferrer">b</a>"#))
        #expect(clean.contains("<b>bold</b>"))
        #expect(HTMLSanitizer.isSafeURL("java\tscript:alert(1)", allowMail: true) == false)
        #expect(HTMLSanitizer.isSafeURL("/docs?a=b:c", allowMail: false))
    }

    @Test func csvFieldsQuoteWhatSpreadsheetsWouldMisread() {
        #expect(CSV.field("plain", separator: ",") == "plain")
        #expect(CSV.field("a, b", separator: ",") == "\"a, b\"")
        #expect(CSV.field("say \"hi\"", separator: ",") == "\"say \"\"hi\"\"\"")
        #expect(CSV.field("\"", separator: ",") == "\"\"\"\"")
        #expect(CSV.field("Zoë \"Ö\", ünï", separator: ",") == "\"Zoë \"\"Ö\"\", ünï\"")
        #expect(CSV.field("line\r\nnext", separator: ",") == "\"line\nnext\"")  // CR is dropped with the other control characters
        #expect(CSV.field("=SUM(A1)", separator: ",") == "'=SUM(A1)")
        #expect(CSV.field("-12.5", separator: ",") == "-12.5")
        #expect(CSV.field("@cmd, x", separator: ",") == "\"'@cmd, x\"")
        #expect(CSV.field("1,5", separator: ";") == "1,5")
        #expect(CSV.field("a; b", separator: ";") == "\"a; b\"")
        #expect(CSV.field("\t=cmd|' /C calc'!A0", separator: ",") == "'\t=cmd|' /C calc'!A0")
    }

    /// Database text that opens a bidi override or isolate and leaves it open is closed where it ends, so it
    /// cannot reorder what follows on its line; balanced text is left as it is.
    /// Database text quoted in a message for the admin cannot drive a terminal or reorder the line.
    @Test func messagesQuoteDatabaseTextWithControlsEscaped() {
        #expect("report\u{1B}[2J\u{202E}fdp.exe\n".quotedForLog == "\"report\\u{1B}[2J\\u{202E}fdp.exe\\n\"")
        #expect("Vertrag \"Müller\".pdf".quotedForLog == "\"Vertrag \\\"Müller\\\".pdf\"")
    }

    @Test func bidiControlsInDatabaseTextAreClosedAtItsEnd() {
        #expect(HTMLEscaping.escaped("evil\u{202E} text") == "evil\u{202E} text\u{202C}")
        #expect(HTMLEscaping.escaped("a\u{2067}b\u{202B}c") == "a\u{2067}b\u{202B}c\u{202C}\u{2069}")
        #expect(HTMLEscaping.escaped("a\u{202E}b\u{202C} <c>") == "a\u{202E}b\u{202C} &lt;c&gt;")
        #expect(HTMLEscaping.escaped("a\u{2066}b\u{202D}c\u{2069}") == "a\u{2066}b\u{202D}c\u{2069}")
        #expect(HTMLEscaping.escaped("1 028,98 € – ok") == "1 028,98 € – ok")
        #expect(HTMLEscaping.escaped("stray \u{202C}\u{2069}") == "stray \u{202C}\u{2069}")
    }

    /// The byte check that page models use says exactly what the scalar rule says.
    @Test func forbiddenTextIsFoundOnBytesAsOnScalars() {
        for value in UInt32(0)...0x7FF {
            guard let scalar = Unicode.Scalar(value) else { continue }
            #expect(String(scalar).holdsTextForbiddenInHTML == scalar.isForbiddenInHTMLText, "U+\(String(value, radix: 16))")
            #expect("é\(scalar)x".holdsTextForbiddenInHTML == scalar.isForbiddenInHTMLText, "U+\(String(value, radix: 16)) inside text")
        }
    }
}

import Foundation
import Testing

@testable import PortalCore

/// Custom CSS comes from the database: what a browser would read as an import, a script URL or an
/// expression is removed however it is spelled; ordinary CSS passes unchanged.
@Suite struct CSSSanitizerTests {
    @Test func escapedAndHiddenImportsAreRemoved() {
        let attacks = [
            "@\\69mport url(https://evil.example/x.css);", "@\\69 mport 'https://evil.example/x.css';", "@IMPORT url(//evil.example/x.css);",
            "@im\\port url(x.css);", "@\\000069mport url(x.css);", "@import/**/url(x.css);", "@charset 'x'; @namespace svg url(http://www.w3.org/2000/svg);",
        ]
        for css in attacks {
            let cleaned = Branding.cleanCSS(css + " a { color: red }")
            #expect(
                !cleaned.lowercased().contains("import") && !cleaned.contains("\\69") && !cleaned.contains("x.css") && !cleaned.contains("@"),
                "\(css) → \(cleaned)")
            #expect(cleaned.contains("a { color: red }"), "\(css) → \(cleaned)")
        }
    }

    @Test func scriptURLsAndExpressionsAreRemoved() {
        let attacks = [
            "a { background: url(javascript:alert(1)) }", "a { background: url(\"java\\73 cript:alert(1)\") }",
            "a { background: u\\72l(http://evil.example/t.png) }",
            "a { width: ex\\70ression(alert(1)) }", "a { width: expression(alert(1)) }", "a { behavior: url(x.htc) }",
            "a { -moz-binding: url(https://evil/x.xml#x) }",
            "a { background: image-set('http://evil.example/a.png' 1x) }", "a { background: url(  'vbscript:x' ) }",
        ]
        for css in attacks {
            let cleaned = Branding.cleanCSS(css).lowercased()
            #expect(
                !cleaned.contains("javascript") && !cleaned.contains("java\\73") && !cleaned.contains("expression") && !cleaned.contains("ex\\70")
                    && !cleaned.contains("evil") && !cleaned.contains("behavior") && !cleaned.contains("binding") && !cleaned.contains("vbscript"),
                "\(css) → \(cleaned)")
        }
    }

    @Test func ordinaryCSSPassesUnchanged() {
        let css = """
            :root { --brand: #c2410c; }
            @media (max-width: 600px) { .card { padding: .5rem; } }
            @supports (display: grid) { main { display: grid; } }
            @font-face { font-family: "Inter"; src: url(https://fonts.example.com/inter.woff2) format("woff2"); }
            @-webkit-keyframes pulse { from { opacity: 1 } to { opacity: .5 } }
            header { background: url("assets/banner.png") no-repeat, url(data:image/png;base64,iVBORw0KGgo=); content: "a > b"; }
            .\\31 23 { color: red; }
            """
        #expect(Branding.cleanCSS(css) == css)
    }
}

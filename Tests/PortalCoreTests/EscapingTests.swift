import Foundation
import GRDB
import Mustache
import PortalTestSupport
import Testing

@testable import PortalCore

/// HTML escaping by Unicode scalar: `< > & " '` are escaped whatever scalar comes before or after them, on
/// the Mustache path and the stencil path alike. swift-mustache's own escaper compares whole `Character`s, so
/// a quote followed by a combining mark (one grapheme cluster) used to pass through raw and end an attribute.
@Suite struct EscapingTests {
    /// One scalar of every class that joins a grapheme cluster to what precedes it (Extend, ZWJ, variation
    /// selectors, SpacingMark, emoji modifiers, enclosing marks) or to what follows it (Prepend).
    static let joiners: [Unicode.Scalar] = ["\u{301}", "\u{200D}", "\u{FE0F}", "\u{E0100}", "\u{903}", "\u{1F3FB}", "\u{20E3}", "\u{200C}", "\u{94D}"]
    static let prependers: [Unicode.Scalar] = ["\u{600}", "\u{110BD}", "\u{D4E}"]

    /// Hostile values: each special character with each joiner after it, or a prepending scalar before it.
    static var hostileValues: [String] {
        var values: [String] = []
        for special in ["\"", "'", "<", ">", "&"] {
            for joiner in joiners { values.append("a\(special)\(Character(joiner)) onerror=alert(1) x=\(special)\(Character(joiner))") }
            for prepender in prependers { values.append("a\(Character(prepender))\(special) onerror=alert(1) x=\(Character(prepender))\(special)") }
        }
        return values
    }

    /// Every value comes back out of an attribute and out of text exactly as it went in, with no other
    /// attribute or element, whichever path rendered it.
    @Test func specialCharactersAreEscapedWhateverJoinsThem() throws {
        let probe = #"<p title="{{v}}" data-x='{{v}}'>{{v}}</p>{{> inner}}"#
        var files = Dictionary(uniqueKeysWithValues: Theme.pageTemplates.map { ("templates/\($0)", $0 == "layout" ? probe : "x") })
        files["partials/inner"] = #"<a href="{{v}}">{{v}}</a>"#
        let folder = try TemporaryTheme(files)
        defer { folder.remove() }

        let theme = try ThemeLibrary(folder: folder.themes).load("t")
        var plain = theme
        plain.stencils = StencilCache(enabled: false)
        for round in 0..<3 {
            for value in Self.hostileValues {
                for (path, rendered) in [("stencil", theme.render("layout", ["v": value])), ("mustache", plain.render("layout", ["v": value]))] {
                    let page = try HTMLDocument(data: Data("<!DOCTYPE html><html><body>\(rendered)</body></html>".utf8))
                    let paragraphs = page.nodes("//p")
                    let links = page.nodes("//a")
                    let what = "\(path) path, round \(round), \(value.unicodeScalars.map { String($0.value, radix: 16) })"
                    #expect(paragraphs.count == 1 && links.count == 1, "\(what): \(rendered)")
                    #expect(paragraphs.first?.attributes == ["title": value, "data-x": value], "\(what): \(rendered)")
                    #expect(links.first?.attributes == ["href": value], "\(what): \(rendered)")
                    #expect(paragraphs.first?.text == value && links.first?.text == value, "\(what): \(rendered)")
                }
            }
        }
    }

    /// The reviewer's attack, end to end: branding values that pass the URL check but carry a quote with a
    /// joiner after it must not add an attribute to any page of the client.
    @Test func brandingURLsCannotBreakOutOfTheirAttribute() async throws {
        let fixture = try Fixture(clients: 2, entries: 10, invoices: 2)
        let payload = "\" onerror=alert(1) onload=alert(2) data-pwned=\""
        let database = try fixture.database()
        let client = try await database.read { try Int64.fetchOne($0, sql: "SELECT id FROM clients ORDER BY id LIMIT 1")! }
        for (index, joiner) in Self.joiners.enumerated() {
            let attack = payload.replacingOccurrences(of: "\"", with: "\"\(Character(joiner))")
            let navigation = "[{\"label\": \"x\", \"url\": \(Self.json("https://example.com/\(index)\(attack)"))}]"
            try await database.write { db in
                try db.execute(sql: "DELETE FROM client_portal_customizations WHERE client_id = ?", arguments: [client])
                try db.execute(
                    sql: """
                        INSERT INTO client_portal_customizations (client_id, logo_url, favicon_url, portal_description,
                          portal_title, welcome_message, custom_navigation_items, show_projects, show_invoices, show_time_entries, show_quotes,
                          created_at, updated_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?, 1, 1, 1, 1, '2026-11-01 00:00:00', '2026-11-01 00:00:00')
                        """,
                    arguments: [
                        client, "https://example.com/logo.png\(attack)", "https://example.com/favicon.png\(attack)", "About\(attack)",
                        "Title\(attack)", "Welcome\(attack)", navigation,
                    ])
            }
            let report = try await fixture.build()
            #expect(report.succeeded)
            let slug = try #require(report.clients.first { $0.clientID == client }?.slug)
            for file in fixture.files(slug) where file.hasSuffix(".html") {
                let page = try fixture.page(slug, file)
                let handlers = page.nodes("//*[@*[starts-with(name(), 'on') or name() = 'data-pwned']]")
                #expect(handlers.isEmpty, "U+\(String(joiner.value, radix: 16)): \(slug)/\(file) has \(handlers.map(\.attributes))")
            }
        }
    }

    static func json(_ text: String) -> String {
        String(decoding: try! JSONSerialization.data(withJSONObject: [text], options: []), as: UTF8.self).dropFirst().dropLast().description
    }
}

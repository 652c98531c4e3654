import Crypto
import Foundation
import PortalTestSupport
import Testing

@testable import PortalCore

/// A site's input digest holds ``PortalBuilder/formatVersion``, so a portalgen that writes different pages for
/// the same data renders every site again instead of skipping it as unchanged. The version is the digest of
/// what portalgen writes for the demo (every file of every client, default theme): any change to a page model,
/// a CSV, an e-invoice or a template moves it, and this test names the new value.
@Suite struct FormatVersionTests {
    @Test func formatVersionIsTheDigestOfTheDemosOutput() throws {
        let fixture = try Fixture()
        let builder = try PortalBuilder(configuration: fixture.configuration, workers: 1)
        let theme = try ThemeLibrary(folder: fixture.configuration.themes).load("default")
        var hasher = SHA256()
        var files = 0
        for client in try builder.portal.clients() {
            let site = try #require(try builder.render(client, database: builder.database, theme: theme, today: Fixture.today))
            for file in site.files.sorted(by: { $0.path < $1.path }) {
                hasher.update(data: Array("\(client.slug)/\(file.path)\u{0}".utf8))
                hasher.update(data: file.bytes)
                files += 1
            }
        }
        let digest = hasher.finalize().prefix(8).hex
        #expect(files > 500)
        #expect(
            PortalBuilder.formatVersion == digest,
            "What portalgen writes for the demo changed: set PortalBuilder.formatVersion to \"\(digest)\", so sites built before render again")
    }
}

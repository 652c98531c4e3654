/// A client that qualifies for a portal, with its slug and configuration.
package struct PortalClient: Sendable, Hashable {
    package var id: Int64
    package var name: String
    package var slug: String
    package var theme: String
    package var settings: ClientSettings?
    /// The language and region of the client's pages, and where that came from.
    package var locale: PortalLocale = .english
    /// `trustCustomHTML`, honoured only under the client's id in `config.json`: a slug can pass to another
    /// client (a rename, a lost registry), an id cannot.
    var trustsCustomHTML: Bool = false
    /// The details its pages show (``ShowSettings``: its own over the configuration's).
    package var shown = ShownDetails()
}

extension PortalClient {
    /// The theme and locale its pages are rendered with: one compiled theme per pair.
    var themeKey: ThemeKey { ThemeKey(name: theme, locale: locale) }

    /// Whether `selector`, as an admin types it (`--client`, `/admin/rebuild?client=`, `portalgen link`), names
    /// this client: its id or its slug.
    package func isSelected(by selector: String) -> Bool { String(id) == selector || slug == selector }
}

extension Sequence<PortalClient> {
    /// The client `selector` names, by id or slug.
    package func selected(by selector: String) -> PortalClient? { first { $0.isSelected(by: selector) } }
}

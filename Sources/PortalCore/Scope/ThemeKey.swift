/// The theme a client is rendered with, in the client's locale: the builder compiles one theme per key.
package struct ThemeKey: Hashable, Sendable {
    package var name: String
    package var locale: PortalLocale

    package init(name: String, locale: PortalLocale = .english) {
        self.name = name
        self.locale = locale
    }
}

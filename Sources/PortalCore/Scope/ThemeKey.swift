/// A theme compiled for one locale (its templates translated).
package struct ThemeKey: Hashable, Sendable {
    package var name: String
    package var locale: PortalLocale

    package init(name: String, locale: PortalLocale = .english) {
        self.name = name
        self.locale = locale
    }
}

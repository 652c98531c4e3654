/// Which palette a theme's pages use on screen (print is always black on white): `theme.json`'s `scheme`.
package enum ColorScheme: String, Decodable, Sendable, Hashable {
    /// The light palette, and the dark one (`darkColors`) where the reader's system asks for dark
    /// (`prefers-color-scheme`). The default.
    case auto
    /// The light palette always.
    case light
    /// The dark palette always (the built-in `dark` theme).
    case dark

    /// The `content` of the page's `color-scheme` meta tag: what the browser may draw its own controls in.
    var metaContent: String {
        switch self {
        case .auto: "light dark"
        case .light: "light"
        case .dark: "dark"
        }
    }

    /// The `media` of the theme's dark stylesheet (`assets/dark.css`), nil when it never applies.
    var darkStylesheetMedia: String? {
        switch self {
        case .auto: "screen and (prefers-color-scheme: dark)"
        case .light: nil
        case .dark: "screen"
        }
    }
}

/// `theme.json`: a theme's name, what it extends, and its default colours (light and dark) and fonts.
package struct ThemeManifest: Decodable, Sendable, Hashable {
    /// The human name shown by `portalgen themes`.
    package var name: String
    /// One sentence about the look.
    package var description: String?
    /// The folder name of the theme this one extends; its templates, partials and assets are used unless
    /// this theme has a file of the same name.
    package var extends: String?
    /// Default colours (`#rrggbb`): `primary`, `secondary`, `accent`, `background`, `surface`, `text`, `muted`.
    var colors: [String: String]?
    /// The palette of dark mode, with the keys of `colors` (`scheme`). The default theme's is the `dark` theme's.
    var darkColors: [String: String]?
    /// `auto` (light, and dark where the reader's system asks for it), `light` or `dark`. The default is `auto`.
    var scheme: ColorScheme?
    /// Default fonts: `body`, `heading`.
    var fonts: [String: String]?
    /// What a page does when the daemon reports a rebuild: `notice` (a banner with a reload button) or
    /// `reload`. The default is `notice`.
    package var live: String?

    enum CodingKeys: String, CodingKey, CaseIterable { case name, description, extends, colors, darkColors, scheme, fonts, live }

    package init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decode(String.self, forKey: .name)
        description = try c.decodeIfPresent(String.self, forKey: .description)
        extends = try c.decodeIfPresent(String.self, forKey: .extends)
        colors = try c.decodeIfPresent([String: String].self, forKey: .colors)
        darkColors = try c.decodeIfPresent([String: String].self, forKey: .darkColors)
        scheme = try c.decodeIfPresent(ColorScheme.self, forKey: .scheme)
        fonts = try c.decodeIfPresent([String: String].self, forKey: .fonts)
        live = try c.decodeIfPresent(String.self, forKey: .live)
    }

    /// This manifest with the fields `other` sets (a themes folder's `theme.json` over a built-in one's).
    func overridden(by other: ThemeManifest) -> ThemeManifest {
        var result = self
        result.name = other.name
        result.description = other.description ?? description
        result.extends = other.extends ?? extends
        result.colors = (colors ?? [:]).merging(other.colors ?? [:]) { $1 }
        result.darkColors = (darkColors ?? [:]).merging(other.darkColors ?? [:]) { $1 }
        result.scheme = other.scheme ?? scheme
        result.fonts = (fonts ?? [:]).merging(other.fonts ?? [:]) { $1 }
        result.live = other.live ?? live
        return result
    }
}

import Crypto
import Foundation

/// Turns one client's page outputs into files: each page body through its template, then the layout with
/// the shared chrome (navigation, branding, live script), plus the theme's assets and the branding CSS.
package struct SiteRenderer {
    let theme: Theme
    /// Collects the contexts given to templates and partials, for the key reference; nil when building.
    var recorder: ContextRecorder? = nil

    package init(theme: Theme) { self.theme = theme }

    /// Renders every page and asset of the site, the pages on `lanes` threads (more than one when fewer
    /// clients than cores are being built, as in the daemon): each page's body through its template, then the
    /// layout around it (``LayoutModel``).
    func render(_ site: SiteContext, pages: [PageModel], files: [SiteFile], lanes: Int = 1) -> [SiteFile] {
        let model = LayoutModel(site, live: theme.manifest.live ?? "notice", scheme: theme.scheme)
        let assets = assetFiles(site.branding, localizer: site.t)
        let assetsVersion = Self.version(of: assets)
        let memo = RowMemo()
        let output = pages.parallelMap(lanes: lanes) { page -> SiteFile in
            let body = model.body(page)
            recorder?.record(page.template, ListRow.plain(body))
            let layout = model.layout(page, content: theme.render(page.template, body, memo: memo), assetsVersion: assetsVersion)
            recorder?.record("layout", layout)
            return SiteFile(path: page.path, bytes: Array(theme.render("layout", layout).utf8))
        }
        return output + files + assets
    }

    /// The files under `assets/`: the theme's, the branding CSS, the custom CSS and the logo.
    func assetFiles(_ branding: Branding, localizer: Localizer = .english) -> [SiteFile] {
        var assets: [SiteFile] = []
        for (path, url) in theme.assets.sorted(by: { $0.key < $1.key }) {
            if let data = try? Data(contentsOf: url) { assets.append(SiteFile(path: "assets/" + path, bytes: Array(data))) }
        }
        assets.append(SiteFile(path: "assets/brand.css", bytes: Array(brandCSS(branding, localizer: localizer).utf8)))
        if let css = branding.customCSS { assets.append(SiteFile(path: "assets/custom.css", bytes: Array(css.utf8))) }
        if let logo = branding.logoFile, let data = try? Data(contentsOf: logo) {
            assets.append(SiteFile(path: "assets/logo" + LayoutModel.logoExtension(logo.pathExtension), bytes: Array(data)))
        }
        return assets
    }

    /// A short digest of every asset, which templates append to asset URLs (`?v={{assetsVersion}}`): a browser
    /// that cached the old stylesheet fetches the new one as soon as a page links it.
    static func version(of assets: [SiteFile]) -> String {
        var hasher = SHA256()
        for asset in assets.sorted(by: { $0.path < $1.path }) {
            hasher.update(data: Array(asset.path.utf8) + [0])
            hasher.update(data: asset.bytes)
        }
        return hasher.finalize().prefix(5).hex
    }

    /// `text` as a CSS string literal.
    static func cssString(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"", "\\": result += "\\" + String(scalar)
            case "\n", "\r", "\u{C}": result += "\\A "
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result + "\""
    }

    /// CSS custom properties from the theme's defaults and the client's validated branding: the theme's palette
    /// on `:root`, and for a theme whose scheme is `auto` its dark palette where the reader's system asks for
    /// dark. Print resets both to black on white (the default theme's print rules).
    func brandCSS(_ branding: Branding, localizer: Localizer = .english) -> String {
        var lines = [":root {"] + Self.palette(theme.colors, branding).map { "  " + $0 }
        if let font = branding.fontFamily ?? theme.fonts["body"] { lines.append("  --font-body: \(font);") }
        if let font = branding.headingFont ?? branding.fontFamily ?? theme.fonts["heading"] { lines.append("  --font-heading: \(font);") }
        // The printed page footer ("Page 2 of 5") in the client's language: the print CSS of the themes puts
        // these strings around its page counters.
        let footer = localizer("Page {{page}} of {{pages}}")
        if let page = footer.range(of: "{{page}}"), let pages = footer.range(of: "{{pages}}"), page.upperBound <= pages.lowerBound {
            let pieces = [footer[..<page.lowerBound], footer[page.upperBound..<pages.lowerBound], footer[pages.upperBound...]]
            for (name, piece) in zip(["--page-before", "--page-between", "--page-after"], pieces) {
                lines.append("  \(name): \(Self.cssString(String(piece)));")
            }
        }
        lines.append("}")
        if theme.scheme == .auto, !theme.darkColors.isEmpty, let media = theme.scheme.darkStylesheetMedia {
            let dark = theme.colors.merging(theme.darkColors) { $1 }
            lines += ["@media \(media) {", "  :root {"] + Self.palette(dark, branding).map { "    " + $0 } + ["  }", "}"]
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The declarations of the palette `base` with the client's brand colours: each colour, the text readable on
    /// each brand colour (`--on-primary`), and the brand colours made readable (WCAG AA) as text on the
    /// palette's surface (`--primary-text`), so a brand colour chosen for a light page stays legible on a dark one.
    static func palette(_ base: [String: String], _ branding: Branding) -> [String] {
        var colors = base
        if let value = branding.primary { colors["primary"] = value.description }
        if let value = branding.secondary { colors["secondary"] = value.description }
        if let value = branding.accent { colors["accent"] = value.description }
        var lines: [String] = []
        for (key, value) in colors.sorted(by: { $0.key < $1.key }) {
            lines.append("--\(key): \(value);")
            if let color = HexColor(value), ["primary", "secondary", "accent"].contains(key) {
                lines.append("--on-\(key): \(color.readableText);")
            }
        }
        let surface = colors["surface"].flatMap(HexColor.init) ?? HexColor("#ffffff")!
        for key in ["primary", "accent"] {
            if let color = colors[key].flatMap(HexColor.init) { lines.append("--\(key)-text: \(color.readable(on: surface));") }
        }
        return lines
    }
}

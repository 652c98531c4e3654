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
    /// clients than cores are being built, as in the daemon).
    func render(_ site: SiteContext, pages: [PageModel], files: [SiteFile], lanes: Int = 1) -> [SiteFile] {
        let branding = site.branding
        let sections = PageKind.navigation.filter { $0.kind.isShown(in: site) }
        let clientName = Presentation.text(site.snapshot.client.name) ?? ""
        let portalTitle = Presentation.text(branding.portalTitle) ?? site.t("Client portal")
        let locale = site.t.locale
        // The words' language: the locale's when its catalog translated them, else English.
        let language = site.t.contentLanguage
        let labels = Dictionary(uniqueKeysWithValues: sections.map { ($0.kind, site.t($0.label)) })
        // The admin's texts are marked with their language only where it differs from the pages' (a flag otherwise).
        let textLang: Any = branding.textLanguage.map { language == $0 || language.hasPrefix($0 + "-") ? false : $0 as Any } ?? false
        let timeZoneNote = site.t("Times in {{zone}}", ["zone": site.snapshot.settings.timeZoneName])
        let assets = assetFiles(branding, localizer: site.t)
        let assetsVersion = Self.version(of: assets)
        let memo = RowMemo()
        let output = pages.parallelMap(lanes: lanes) { page -> SiteFile in
            let root = page.root
            var body = page.context
            body["root"] = root
            body["title"] = page.title
            body["textLang"] = textLang
            if site.printsPDF, let name = page.printName {
                body["pdf"] = ["href": String(page.pdfPath.split(separator: "/").last!), "name": name]
            }
            recorder?.record(page.template, ListRow.plain(body))
            let content = theme.render(page.template, body, memo: memo)
            let nav: [[String: Any]] = sections.map { ["label": labels[$0.kind]!, "href": root + $0.href, "current": $0.kind.rawValue == page.section] }
            var layout: [String: Any] = [
                "root": root, "title": page.title, "portalTitle": portalTitle, "client": clientName,
                "documentTitle": page.section == "dashboard" ? "\(portalTitle) - \(clientName)" : "\(page.title) - \(portalTitle)",
                "nav": nav, "navCurrent": sections.first { $0.kind.rawValue == page.section }.map { labels[$0.kind]! } ?? false,
                "content": content, "generated": PageToken.stamp, "assetsVersion": assetsVersion,
                "pagePath": page.path, "pageVersion": PageToken.version,
                "lang": language, "textLang": textLang,
                "dir": language == "en" || !locale.isRightToLeft ? "ltr" : "rtl", "timeZone": timeZoneNote,
                "live": theme.manifest.live ?? "notice", "customCSS": branding.customCSS != nil, "signOut": site.signOut,
                "customNav": branding.navigation.map { ["label": Presentation.text($0.label) ?? "", "href": $0.url, "newTab": $0.newTab] },
            ]
            if let description = Presentation.text(branding.portalDescription) { layout["description"] = description }
            if let company = Presentation.text(branding.companyName) { layout["company"] = company }
            if branding.logoFile != nil {
                layout["logo"] = root + "assets/logo" + Self.logoExtension(branding.logoFile!) + "?v=" + assetsVersion
            } else if let logo = branding.logoURL {
                layout["logo"] = logo
            }
            if let favicon = branding.faviconURL { layout["favicon"] = favicon }
            if let header = branding.headerHTML { layout["customHeader"] = header }
            if let footer = branding.footerHTML { layout["customFooter"] = footer }
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
            assets.append(SiteFile(path: "assets/logo" + Self.logoExtension(logo), bytes: Array(data)))
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

    static func logoExtension(_ url: URL) -> String {
        let ext = url.pathExtension.lowercased()
        return ["png", "jpg", "jpeg", "gif", "svg", "webp"].contains(ext) ? ".\(ext)" : ".png"
    }

    /// CSS custom properties from the theme's defaults and the client's validated branding.
    func brandCSS(_ branding: Branding, localizer: Localizer = .english) -> String {
        var colors = theme.colors
        if let value = branding.primary { colors["primary"] = value.description }
        if let value = branding.secondary { colors["secondary"] = value.description }
        if let value = branding.accent { colors["accent"] = value.description }
        var lines = [":root {"]
        for (key, value) in colors.sorted(by: { $0.key < $1.key }) {
            lines.append("  --\(key): \(value);")
            if let color = HexColor(value), ["primary", "secondary", "accent"].contains(key) {
                lines.append("  --on-\(key): \(color.readableText);")
            }
        }
        // Links and text in the brand colour must stay readable (WCAG AA) on the theme's surface.
        let surface = colors["surface"].flatMap(HexColor.init) ?? HexColor("#ffffff")!
        for key in ["primary", "accent"] {
            if let color = colors[key].flatMap(HexColor.init) { lines.append("  --\(key)-text: \(color.readable(on: surface));") }
        }
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
        return lines.joined(separator: "\n") + "\n"
    }
}

import Foundation

/// What every page of a client's site shares around its body: the navigation of the sections the client has,
/// the titles, the branding strings, the language and direction, the time-zone note and the colour scheme. The
/// layout template's model, made once per site; ``SiteRenderer`` asks it for each page's two contexts.
struct LayoutModel {
    /// The sections the client has, in navigation order, with their labels in the client's language.
    let sections: [(kind: PageKind, label: String, href: String)]
    /// The layout's values that are the same on every page.
    private let shared: [String: Any]
    /// The `lang` of the admin's texts where it differs from the pages' language, else `false`.
    private let textLang: Any
    private let portalTitle: String
    private let clientName: String
    private let logoFile: String?
    private let printsPDF: Bool
    /// Which optional details the pages show (``ShownDetails``), for templates: `show.staffNames`, `show.rates`, `show.tags`.
    private let show: [String: Any]

    /// `live`: what a page does when the daemon reports a rebuild (the theme's); `scheme`: the theme's colour scheme.
    init(_ site: SiteContext, live: String, scheme: ColorScheme) {
        let branding = site.branding
        sections = PageKind.navigation.filter { $0.kind.isShown(in: site) }.map { (kind: $0.kind, label: site.t($0.label), href: $0.href) }
        clientName = Presentation.text(site.snapshot.client.name) ?? ""
        portalTitle = Presentation.text(branding.portalTitle) ?? site.t("Client portal")
        // The words' language: the locale's when its catalog translated them, else English.
        let language = site.t.contentLanguage
        textLang = branding.textLanguage.map { language == $0 || language.hasPrefix($0 + "-") ? false : $0 as Any } ?? false
        logoFile = branding.logoFile.map { "assets/logo" + Self.logoExtension($0.pathExtension) }
        printsPDF = site.printsPDF
        show = site.shown.flags.mapValues { $0 as Any }
        var shared: [String: Any] = [
            "portalTitle": portalTitle, "client": clientName, "lang": language, "textLang": textLang,
            "dir": language == "en" || !site.t.locale.isRightToLeft ? "ltr" : "rtl",
            "timeZone": site.t("Times in {{zone}}", ["zone": site.snapshot.settings.timeZoneName]),
            "live": live, "colorScheme": scheme.metaContent, "darkStylesheet": scheme.darkStylesheetMedia.map { $0 as Any } ?? false,
            "customCSS": branding.customCSS != nil, "signOut": site.signOut,
            "customNav": branding.navigation.map { ["label": Presentation.text($0.label) ?? "", "href": $0.url, "newTab": $0.newTab] },
            // The day the figures are for: a function of the data and the day, never of the moment the build ran,
            // so every replica (and every rebuild that day) writes the same bytes.
            "generated": "<time datetime=\"\(site.today.iso)\">\(HTMLEscaping.escaped(site.format.date(site.today)))</time>",
        ]
        if let description = Presentation.text(branding.portalDescription) { shared["description"] = description }
        if let company = Presentation.text(branding.companyName) { shared["company"] = company }
        if branding.logoFile == nil, let logo = branding.logoURL { shared["logo"] = logo }
        if let favicon = branding.faviconURL { shared["favicon"] = favicon }
        if let header = branding.headerHTML { shared["customHeader"] = header }
        if let footer = branding.footerHTML { shared["customFooter"] = footer }
        self.shared = shared
    }

    /// The context of `page`'s own template: the page model's, with the path up to the site's root, the title,
    /// the admin texts' language, which optional details are shown, and its PDF where one is printed.
    func body(_ page: PageModel) -> [String: Any] {
        var body = page.context
        body["root"] = page.root
        body["title"] = page.title
        body["textLang"] = textLang
        body["show"] = show
        if printsPDF, let name = page.printName {
            body["pdf"] = ["href": String(page.pdfPath.split(separator: "/").last!), "name": name]
        }
        return body
    }

    /// The layout's context around `page`'s rendered `content`; `assetsVersion` is appended to asset URLs.
    func layout(_ page: PageModel, content: String, assetsVersion: String) -> [String: Any] {
        let root = page.root
        var layout = shared
        layout["root"] = root
        layout["title"] = page.title
        layout["documentTitle"] = page.section == "dashboard" ? "\(portalTitle) - \(clientName)" : "\(page.title) - \(portalTitle)"
        layout["nav"] = sections.map { ["label": $0.label, "href": root + $0.href, "current": $0.kind.rawValue == page.section] as [String: Any] }
        layout["navCurrent"] = sections.first { $0.kind.rawValue == page.section }.map { $0.label as Any } ?? false
        layout["searching"] = page.section == PageKind.search.rawValue
        layout["content"] = content
        layout["assetsVersion"] = assetsVersion
        layout["pagePath"] = page.path
        layout["pageVersion"] = PageToken.version
        if let logoFile { layout["logo"] = root + logoFile + "?v=" + assetsVersion }
        return layout
    }

    /// The file extension an uploaded logo is served with (`.png` for anything that is not a known image type).
    static func logoExtension(_ pathExtension: String) -> String {
        let ext = pathExtension.lowercased()
        return ["png", "jpg", "jpeg", "gif", "svg", "webp"].contains(ext) ? ".\(ext)" : ".png"
    }
}

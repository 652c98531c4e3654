/// Page models for one client: every page and file of the site, section by section from ``PageKind``.
enum SitePages {
    /// Every page and file of the sections the client has, and what could not be included (documents whose
    /// files are missing).
    static func build(_ context: SiteContext) -> SitePart {
        let shown = PageKind.allCases.filter { $0.isShown(in: context) }
        var site = SitePart()
        for kind in shown where !kind.linksToOthers { site.append(kind.build(context, linking: [])) }
        let paths = Set(site.pages.map(\.path))
        for kind in shown where kind.linksToOthers { site.append(kind.build(context, linking: paths)) }
        return site
    }
}

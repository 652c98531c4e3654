import Foundation

/// A client's resolved branding: TimeTracker's customization row, overridden by `config.json`, validated.
///
/// Every value here is safe to use: colours are `#rrggbb`, fonts contain only font-name characters, URLs
/// have a safe scheme, header and footer HTML are sanitised unless the admin trusts them.
package struct Branding: Sendable, Hashable {
    /// Nil when neither the database nor the override names one: the pages say "Client portal" in the client's language.
    var portalTitle: String?
    var portalDescription: String?
    var welcomeMessage: String?
    package var companyName: String?
    var logoURL: String?
    /// A local logo file to copy into the client's assets (from config).
    var logoFile: URL?
    var faviconURL: String?
    package var primary: HexColor?
    var secondary: HexColor?
    var accent: HexColor?
    var fontFamily: String?
    var headingFont: String?
    /// Goes into `assets/custom.css`, never inline.
    var customCSS: String?
    var headerHTML: String?
    var footerHTML: String?
    var showProjects: Bool
    var showInvoices: Bool
    var showTimeEntries: Bool
    var showQuotes: Bool
    /// The language of the admin's texts (title, description, welcome), from the override; nil when unsaid.
    var textLanguage: String?
    package var navigation: [CustomizationRecord.NavigationItem]
    /// Values that were present but rejected, for `portalgen check` and the build log.
    package var warnings: [String]

    package init(customization: CustomizationRecord?, override: BrandingOverride?, trustHTML: Bool, settings: GlobalSettings, configFolder: URL?) {
        let row = customization ?? CustomizationRecord()
        var warnings: [String] = []
        func color(_ field: String, _ configured: String?, _ stored: String?) -> HexColor? {
            if let configured { return HexColor(configured) }
            guard let stored else { return nil }
            if let value = HexColor(stored.trimmingCharacters(in: .whitespaces)) { return value }
            warnings.append("\(field) \(String(stored.prefix(40)).debugDescription) is not a #rrggbb colour and was ignored")
            return nil
        }
        func font(_ field: String, _ value: String?) -> String? {
            guard let value else { return nil }
            let allowed = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: " ,-_'\""))
            guard value.unicodeScalars.allSatisfy({ allowed.contains($0) }), value.count <= 100 else {
                warnings.append("\(field) \(String(value.prefix(40)).debugDescription) has characters a font name cannot have and was ignored")
                return nil
            }
            return value
        }
        func url(_ field: String, _ value: String?) -> String? {
            guard let value else { return nil }
            let trimmed = value.trimmingCharacters(in: .whitespaces)
            if trimmed.lowercased().hasPrefix("https://") || trimmed.lowercased().hasPrefix("http://"), HTMLSanitizer.isSafeURL(trimmed, allowMail: false) {
                return trimmed
            }
            warnings.append("\(field) \(String(value.prefix(60)).debugDescription) is not an http(s) URL and was ignored")
            return nil
        }

        portalTitle = override?.portalTitle ?? row.portalTitle
        portalDescription = override?.portalDescription ?? row.portalDescription
        welcomeMessage = override?.welcomeMessage ?? row.welcomeMessage
        companyName = settings.companyName
        if let configured = override?.logoURL, !configured.lowercased().hasPrefix("http") {
            logoFile = URL(fileURLWithPath: configured, relativeTo: configFolder).standardizedFileURL
            logoURL = nil
        } else {
            logoURL = url("logo_url", override?.logoURL ?? row.logoURL)
        }
        faviconURL = url("favicon_url", override?.faviconURL ?? row.faviconURL)
        primary = color("primary_color", override?.primaryColor, row.primaryColor)
        secondary = color("secondary_color", override?.secondaryColor, row.secondaryColor)
        accent = color("accent_color", override?.accentColor, row.accentColor)
        fontFamily = font("font_family", override?.fontFamily ?? row.fontFamily)
        headingFont = font("heading_font", override?.headingFont ?? row.headingFont)
        customCSS = (override?.customCSS ?? row.customCSS).map(Self.cleanCSS)
        headerHTML = row.customHeaderHTML.map { trustHTML ? $0 : HTMLSanitizer.sanitize($0) }
        footerHTML = row.customFooterHTML.map { trustHTML ? $0 : HTMLSanitizer.sanitize($0) }
        showProjects = override?.showProjects ?? row.showProjects
        showInvoices = override?.showInvoices ?? row.showInvoices
        showTimeEntries = override?.showTimeEntries ?? row.showTimeEntries
        showQuotes = override?.showQuotes ?? row.showQuotes
        textLanguage = override?.textLanguage.flatMap { PortalLocale($0, source: .client)?.identifier }
        navigation = row.navigationItems.filter { item in
            let safe = HTMLSanitizer.isSafeURL(item.url, allowMail: true)
            if !safe { warnings.append("navigation item \"\(item.label.prefix(40))\" has an unsafe URL and was left out") }
            return safe
        }
        self.warnings = warnings
    }

    /// Custom CSS stays in its own stylesheet file and passes ``CSSSanitizer`` (no `@import`, no unsafe
    /// `url()`, no `expression()`, escapes decoded before judging, no `<`).
    static func cleanCSS(_ css: String) -> String { CSSSanitizer.clean(css) }
}

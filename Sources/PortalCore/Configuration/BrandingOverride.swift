/// Branding fields an admin can set per client in `config.json`; each wins over the database's value.
package struct BrandingOverride: Decodable, Sendable, Hashable {
    var portalTitle: String?
    var portalDescription: String?
    var welcomeMessage: String?
    var logoURL: String?
    var faviconURL: String?
    var primaryColor: String?
    var secondaryColor: String?
    var accentColor: String?
    var fontFamily: String?
    var headingFont: String?
    var customCSS: String?
    var showProjects: Bool?
    var showInvoices: Bool?
    var showTimeEntries: Bool?
    var showQuotes: Bool?
    /// The language the portal title, description and welcome message are written in (`"de"`), marked on
    /// them with `lang` so screen readers pronounce them right whatever the pages' language.
    var textLanguage: String?

    package init() {}

    enum CodingKeys: String, CodingKey, CaseIterable {
        case portalTitle, portalDescription, welcomeMessage, logoURL, faviconURL, primaryColor, secondaryColor, accentColor
        case fontFamily, headingFont, customCSS, showProjects, showInvoices, showTimeEntries, showQuotes, textLanguage
    }

    package init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        portalTitle = try c.decodeIfPresent(String.self, forKey: .portalTitle)
        portalDescription = try c.decodeIfPresent(String.self, forKey: .portalDescription)
        welcomeMessage = try c.decodeIfPresent(String.self, forKey: .welcomeMessage)
        logoURL = try c.decodeIfPresent(String.self, forKey: .logoURL)
        faviconURL = try c.decodeIfPresent(String.self, forKey: .faviconURL)
        primaryColor = try c.decodeIfPresent(String.self, forKey: .primaryColor)
        secondaryColor = try c.decodeIfPresent(String.self, forKey: .secondaryColor)
        accentColor = try c.decodeIfPresent(String.self, forKey: .accentColor)
        fontFamily = try c.decodeIfPresent(String.self, forKey: .fontFamily)
        headingFont = try c.decodeIfPresent(String.self, forKey: .headingFont)
        customCSS = try c.decodeIfPresent(String.self, forKey: .customCSS)
        showProjects = try c.decodeIfPresent(Bool.self, forKey: .showProjects)
        showInvoices = try c.decodeIfPresent(Bool.self, forKey: .showInvoices)
        showTimeEntries = try c.decodeIfPresent(Bool.self, forKey: .showTimeEntries)
        showQuotes = try c.decodeIfPresent(Bool.self, forKey: .showQuotes)
        textLanguage = try c.decodeIfPresent(String.self, forKey: .textLanguage)
        if let text = textLanguage, PortalLocale(text, source: .client) == nil {
            throw DecodingError.dataCorruptedError(
                forKey: .textLanguage, in: c, debugDescription: "must be a language tag like \"de\" or \"de-CH\", not \"\(text)\"")
        }
    }

    func validate(path: String, file: String) throws {
        for (key, value) in [("primaryColor", primaryColor), ("secondaryColor", secondaryColor), ("accentColor", accentColor)] {
            if let value, HexColor(value) == nil {
                throw ConfigurationError(file: file, message: "key \"\(path).\(key)\" must be a colour like #1a2b3c, not \"\(value)\"")
            }
        }
    }
}

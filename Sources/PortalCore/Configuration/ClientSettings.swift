/// Per-client overrides in `config.json`, keyed by client id or slug.
package struct ClientSettings: Decodable, Sendable, Hashable {
    /// The directory name under `output/`. The default is derived from the client name.
    package var slug: String?
    /// The theme (built in, or a folder of the themes folder). The default is the configuration's `theme`.
    package var theme: String?
    /// The language and region the client reads the portal in (`"de-DE"`); wins over the portal users'
    /// `preferred_language` and the configuration's `locale`.
    package var locale: String?
    /// `false` never builds a portal for this client, even when it qualifies. The default is `true`.
    var enabled: Bool?
    /// Branding fields that win over TimeTracker's `client_portal_customizations` row.
    package var branding: BrandingOverride?
    /// `true` inserts the client's custom header and footer HTML unsanitised. The default is `false`:
    /// the HTML passes an allowlist sanitiser first.
    var trustCustomHTML: Bool?
    /// The paper the client's PDFs are printed on: `"A4"` or `"letter"`. The default is the configuration's
    /// `paper`, else the paper of the client's region.
    var paper: String?
    /// Details of this client's pages to hide (``ShowSettings``); keys unset here follow the configuration's `show`.
    package var show: ShowSettings?

    package init(
        slug: String? = nil, theme: String? = nil, locale: String? = nil, enabled: Bool? = nil, branding: BrandingOverride? = nil, trustCustomHTML: Bool? = nil,
        paper: String? = nil, show: ShowSettings? = nil
    ) {
        self.slug = slug
        self.theme = theme
        self.locale = locale
        self.enabled = enabled
        self.branding = branding
        self.trustCustomHTML = trustCustomHTML
        self.paper = paper
        self.show = show
    }

    enum CodingKeys: String, CodingKey, CaseIterable { case slug, theme, locale, enabled, branding, trustCustomHTML, paper, show }

    package init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        slug = try c.decodeIfPresent(String.self, forKey: .slug)
        theme = try c.decodeIfPresent(String.self, forKey: .theme)
        locale = try c.decodeIfPresent(String.self, forKey: .locale)
        enabled = try c.decodeIfPresent(Bool.self, forKey: .enabled)
        branding = try c.decodeIfPresent(BrandingOverride.self, forKey: .branding)
        trustCustomHTML = try c.decodeIfPresent(Bool.self, forKey: .trustCustomHTML)
        paper = try c.decodeIfPresent(String.self, forKey: .paper)
        show = try c.decodeIfPresent(ShowSettings.self, forKey: .show)
    }
}

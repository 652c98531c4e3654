/// TimeTracker's `client_portal_customizations` row for the client: raw, unvalidated admin input.
package struct CustomizationRecord: Sendable, Hashable {
    var logoURL: String?
    var logoUploadPath: String?
    var faviconURL: String?
    var primaryColor: String?
    var secondaryColor: String?
    var accentColor: String?
    var fontFamily: String?
    var headingFont: String?
    var customCSS: String?
    var customHeaderHTML: String?
    var customFooterHTML: String?
    var portalTitle: String?
    var portalDescription: String?
    var welcomeMessage: String?
    var showProjects: Bool
    var showInvoices: Bool
    var showTimeEntries: Bool
    var showQuotes: Bool
    /// Well-formed `{label, url, new_tab?}` entries; malformed ones are dropped.
    var navigationItems: [NavigationItem]

    package struct NavigationItem: Sendable, Hashable {
        package var label: String
        package var url: String
        var newTab: Bool
    }

    static let columns = [
        "logo_url", "logo_upload_path", "favicon_url", "primary_color", "secondary_color", "accent_color", "font_family",
        "heading_font", "custom_css", "custom_header_html", "custom_footer_html", "portal_title", "portal_description",
        "welcome_message", "show_projects", "show_invoices", "show_time_entries", "show_quotes", "custom_navigation_items",
    ]

    package init() {
        showProjects = true
        showInvoices = true
        showTimeEntries = true
        showQuotes = true
        navigationItems = []
    }

    init(_ r: inout RowReader) {
        logoURL = r.nonEmptyText("logo_url")
        logoUploadPath = r.nonEmptyText("logo_upload_path")
        faviconURL = r.nonEmptyText("favicon_url")
        primaryColor = r.nonEmptyText("primary_color")
        secondaryColor = r.nonEmptyText("secondary_color")
        accentColor = r.nonEmptyText("accent_color")
        fontFamily = r.nonEmptyText("font_family")
        headingFont = r.nonEmptyText("heading_font")
        customCSS = r.nonEmptyText("custom_css")
        customHeaderHTML = r.nonEmptyText("custom_header_html")
        customFooterHTML = r.nonEmptyText("custom_footer_html")
        portalTitle = r.nonEmptyText("portal_title")
        portalDescription = r.nonEmptyText("portal_description")
        welcomeMessage = r.nonEmptyText("welcome_message")
        showProjects = r.bool("show_projects")
        showInvoices = r.bool("show_invoices")
        showTimeEntries = r.bool("show_time_entries")
        showQuotes = r.bool("show_quotes")
        let items = r.json("custom_navigation_items") as? [Any] ?? []
        navigationItems = items.compactMap { element in
            guard let object = element as? [String: Any], let label = object["label"] as? String, let url = object["url"] as? String,
                !label.isEmpty, !url.isEmpty
            else { return nil }
            return NavigationItem(label: label, url: url, newTab: object["new_tab"] as? Bool ?? false)
        }
    }
}

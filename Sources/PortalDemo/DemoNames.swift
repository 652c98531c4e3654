import PortalCore

/// Names for demo data: realistic, varied, with Unicode and HTML-special characters on purpose.
enum DemoNames {
    /// The first clients, each exercising something (umlauts, markup, CJK, Cyrillic, quotes, ampersands).
    static let featuredClients = [
        "Müller & Söhne GmbH", "<b>Acme</b> \"Quotes\" & 'Co'", "Nakamura 株式会社", "Café Olé S.L.", "Северсталь Консалтинг",
        "O'Reilly & Sons", "Lindqvist & Berg AB", "Zeta Startup",
    ]
    /// With `--hostile`, the seventh client's name is a script tag.
    static let hostileFeaturedClient = (index: 6, name: "<script>alert('pwned')</script> Labs")
    static let firstWords = [
        "Nordlicht", "Blue Harbor", "Keystone", "Aurora", "Granite", "Silverline", "Maple", "Lumen", "Cobalt", "Orchard", "Fjord", "Sierra",
    ]
    static let secondWords = ["Analytics", "Logistics", "Studio", "Foods", "Energy", "Health", "Robotics", "Media", "Partners", "Textiles"]
    static let suffixes = ["GmbH", "Ltd", "S.A.", "Inc.", "B.V.", "Oy", "S.r.l.", "AB"]
    static let projects = [
        "Website Relaunch", "Mobile App", "API Gateway", "SEO Audit", "Data Warehouse", "Brand Refresh", "Security Review",
        "Onboarding Flow", "Payment Integration", "Intranet <v2>",
    ]
    static let tasks = ["Discovery", "Design", "Implementation", "Code review", "QA & testing", "Documentation", "Deployment", "Accessibility pass"]
    static let notes = [
        "Kick-off meeting with stakeholders", "Implemented login flow", "Fixed layout bug in <header> on Safari", "Reviewed pull requests",
        "Weekly sync — agreed on next steps", "Wrote migration for invoices table", "Performance tuning: p95 down 30 %",
        "Call with Müller re: \"phase 2\"", "Prepared démo for the board 🚀", "Refactored & documented the export",
        "Line one\nLine two of a longer note", "Ticket #4711: 'quotes' & <ampersands>",
    ]
    static let staff = [("anna.rossi", "Anna Rossi"), ("jane.doe", "Jane Doe"), ("li.wei", "李伟"), ("marco", "Marco <Dev> Bianchi"), ("olga", "Ольга Петрова")]
    static let currencies = ["EUR", "EUR", "USD", "GBP"]
    static let comments = [
        "Looks great, thanks!", "Could we move the deadline to Friday?", "Please see the attached draft & let us know.",
        "<i>Approved</i> from our side.", "Danke für die schnelle Umsetzung!",
    ]
    static let internalComments = ["INTERNAL: client is slow to pay, escalate", "INTERNAL: budget nearly used up, don't tell them yet"]
}

import Foundation
import Mustache

/// A loaded theme with its inheritance resolved: one Mustache library and one asset list, child files winning.
///
/// Compiled once per build and shared by every client that uses it.
package struct Theme: Sendable {
    /// The folder name.
    package var name: String
    /// The folder names from this theme up to the root of its `extends` chain.
    package var chain: [String]
    package var manifest: ThemeManifest
    /// Merged default colours and fonts (child wins).
    package var colors: [String: String]
    package var fonts: [String: String]
    let library: MustacheLibrary
    /// Stencils of the shapes rendered so far, shared by the theme's clients.
    var stencils: StencilCache
    /// Asset path (relative to `assets/`) → the file that provides it.
    package var assets: [String: URL]
    /// Digest of every template and asset, so a theme edit rebuilds its clients.
    package var digest: String
    /// Template name → the file it came from, for messages.
    package var templateFiles: [String: String]
    /// Templates and partials neither this theme nor its parents provide, taken from the built-in default.
    package var inheritedFromDefault: [String] = []
    /// The sentences portalgen composes, in the theme's catalog language (English when it has none).
    package var localizer: Localizer = .english
    /// Template name → the English messages of its `{{#i18n}}` sections the catalog does not translate.
    package var untranslated: [String: [String]] = [:]
    /// Translations whose placeholders differ from their English text (they are not used), as `file:line: …`.
    package var brokenMessages: [String] = []

    /// The page templates every theme (or its parents) must provide.
    package static let pageTemplates = [
        "layout", "dashboard", "projects", "project", "invoices", "invoice", "statement", "payments", "quotes", "quote", "approvals", "approval",
        "notifications", "issues", "issue", "documents", "time-entries", "reports", "activity",
    ]
    /// Partials the renderer itself renders (not only templates through `{{> name}}`).
    package static let rendererPartials = ["entry-row", "report-day-row", "notification-row", "activity-item"]

    /// Renders template `name` with `context`.
    func render(_ name: String, _ context: [String: Any]) -> String {
        stencils.render(name, context, library: library)
    }

    /// Renders partial `name` with `row`, whose shape it gives without walking its context (see ``StencilCache``).
    /// Inlined: called a million times at 100 %, and as a call it cost 0.3 s of a full build.
    @inline(__always)
    func render(_ name: String, row: some PartialRow) -> String {
        stencils.render(name, shape: row.shape, context: row.context, library: library)
    }
}

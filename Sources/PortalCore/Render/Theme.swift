import Foundation
import Mustache

/// A loaded theme with its inheritance resolved: one Mustache library and one asset list, child files winning.
///
/// Compiled once per build and shared by every client that uses it.
package struct Theme: Sendable {
    /// The folder name.
    package var name: String
    /// The folder names from this theme up to the root of its `extends` chain.
    var chain: [String]
    package var manifest: ThemeManifest
    /// Merged default colours and fonts (child wins), and the dark palette.
    var colors: [String: String]
    var darkColors: [String: String]
    /// Light, dark, or light with dark where the reader's system asks for it (the first theme of the chain that says).
    var scheme: ColorScheme
    var fonts: [String: String]
    let library: MustacheLibrary
    /// Stencils of the shapes rendered so far, shared by the theme's clients.
    var stencils: StencilCache
    /// The templates with their list sections cut out, for rendering rows one by one.
    let rowSections: RowSections
    /// Asset path (relative to `assets/`) → the file that provides it.
    package var assets: [String: URL]
    /// Digest of every template and asset, so a theme edit rebuilds its clients.
    package var digest: String
    /// Template name → the file it came from, for messages.
    var templateFiles: [String: String]
    /// Templates and partials neither this theme nor its parents provide, taken from the built-in default.
    var inheritedFromDefault: [String] = []
    /// The sentences portalgen composes, in the theme's catalog language (English when it has none).
    var localizer: Localizer = .english
    /// Template name → the English messages of its `{{#i18n}}` sections the catalog does not translate.
    var untranslated: [String: [String]] = [:]
    /// Translations whose placeholders differ from their English text (they are not used), as `file:line: …`.
    var brokenMessages: [String] = []

    /// The templates every theme (or its parents) must provide: the layout and each section's (``PageKind``).
    static let pageTemplates = ["layout"] + PageKind.allCases.flatMap(\.templates)
    /// Renders template `name` with `context`, whose lists (`[ListRow]` or `[[String: Any]]`) the template
    /// repeats row by row where ``RowSections`` can cut their sections out, and whole otherwise.
    /// `memo`: the rows already rendered for the site, by id.
    func render(_ name: String, _ context: [String: Any], memo: RowMemo? = nil) -> String {
        guard stencils.enabled else { return library.render(ListRow.plain(context), withTemplate: name) ?? "" }
        var lists = Set<String>()
        var records = Set<String>()
        for (key, value) in context {
            if value is [ListRow] || value is [[String: Any]] {
                lists.insert(key)
            } else if value is [String: Any] {
                records.insert(key)
            }
        }
        guard !lists.isEmpty else { return stencils.render(name, context, library: library) }
        guard let variant = rowSections.variant(name, lists: lists, records: records) else {
            return stencils.render(name, ListRow.plain(context), library: library)
        }
        var page = context
        for occurrence in variant.occurrences {
            // The names a row may lack that this page has, for the row to find as Mustache would: usually none.
            let outer = occurrence.outerNames.filter { context[$0] != nil }
            var html = ""
            switch context[occurrence.key] {
            case let rows as [ListRow]:
                for row in rows {
                    if outer.isEmpty, let id = row.id, let memo {
                        html += memo.html(occurrence.section, id) { render(occurrence.body, row: row, library: variant.library) }
                    } else {
                        html += render(occurrence.body, row: outer.isEmpty ? row : row.filling(outer, from: context), library: variant.library)
                    }
                }
            case let rows as [[String: Any]]:
                for var row in rows {
                    for name in outer where row[name] == nil { row[name] = ListRow.plain(context[name]!) }
                    html += stencils.render(occurrence.body, row, library: variant.library)
                }
            default:
                break
            }
            page[occurrence.token] = html
        }
        for key in lists {
            page[key] = variant.expanded.contains(key) ? ListRow.plain(context[key]!) : !ListRow.isEmpty(context[key])
        }
        return stencils.render(name, cacheName: "\(name)#\(variant.id)", page, library: variant.library)
    }

    /// Renders one row with a body template of `library`.
    private func render(_ body: String, row: ListRow, library: MustacheLibrary) -> String {
        guard let shape = ContextShape(row: row) else { return library.render(row.context, withTemplate: body) ?? "" }
        return stencils.render(body, shape: shape, context: row.context, library: library)
    }
}

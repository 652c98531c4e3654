import Foundation
import Mustache
import PortalThemes
import Synchronization

/// Loads themes, resolving `extends` chains and checking every template.
///
/// The shipped themes (default, dark, corporate) are built into portalgen and always available by name.
/// The configured themes folder adds themes and overrides the built-in ones file by file: a folder
/// `Themes/default/` holding only `partials/footer.mustache` changes the default theme's footer and nothing
/// else. Its `theme.json` may be left out (the built-in one applies) or given (its fields win).
package struct ThemeLibrary: Sendable {
    /// The configured folder (it need not exist).
    package let folder: URL

    package init(folder: URL) { self.folder = folder }

    /// The shipped themes, inside portalgen's resources.
    package static let builtIn: URL? = BuiltInThemes.folder

    /// Where a theme's files come from.
    package enum Origin: Sendable, Equatable {
        case builtIn, folder, overridden
    }

    /// Theme names (built-in, or folders with a `theme.json`), sorted.
    package func available() -> [String] {
        Array(Set(Self.names(in: folder) + (Self.builtIn.map(Self.names) ?? []))).sorted()
    }

    /// Where `name` comes from; nil when there is no such theme.
    package func origin(_ name: String) -> Origin? {
        let own = FileManager.default.fileExists(atPath: folder.appendingPathComponent(name).path)
        let shipped = Self.builtIn.map { FileManager.default.fileExists(atPath: $0.appendingPathComponent("\(name)/theme.json").path) } ?? false
        switch (own, shipped) {
        case (true, true): return .overridden
        case (false, true): return .builtIn
        case (true, false): return FileManager.default.fileExists(atPath: folder.appendingPathComponent("\(name)/theme.json").path) ? .folder : nil
        case (false, false): return nil
        }
    }

    private static func names(in folder: URL) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { FileManager.default.fileExists(atPath: folder.appendingPathComponent("\($0)/theme.json").path) }
    }

    /// The folders of theme `name`, the built-in one first: later ones override earlier ones file by file.
    private func layers(_ name: String) -> [URL] {
        var layers: [URL] = []
        if let shipped = Self.builtIn?.appendingPathComponent(name), FileManager.default.fileExists(atPath: shipped.appendingPathComponent("theme.json").path) {
            layers.append(shipped)
        }
        let own = folder.appendingPathComponent(name)
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: own.path, isDirectory: &isDirectory), isDirectory.boolValue { layers.append(own) }
        return layers
    }

    /// Loads `name` and its parents with their templates translated for `locale` (see ``TemplateTranslator``).
    /// Throws ``ThemeError`` naming the file (and line) of the first problem.
    package func load(_ name: String, locale: PortalLocale = .english) throws -> Theme {
        let (chain, manifests, ordered) = try resolve(name)
        var templates: [String: MustacheTemplate] = [:]
        var sources: [String: String] = [:]
        var files: [String: String] = [:]
        var assets: [String: URL] = [:]
        var colors: [String: String] = [:]
        var darkColors: [String: String] = [:]
        var fonts: [String: String] = [:]
        var inherited = Set<String>()
        let (catalog, broken) = try Self.checkedCatalog(for: locale, layers: ordered.map(\.1), theme: name)
        let catalogText: [String] =
            catalog.map { [$0.language, String(describing: $0.messages.sorted { $0.key < $1.key }.map { [$0.key] + $0.value.translations })] } ?? []
        var untranslated: [String: [String]] = [:]
        let rightToLeft = catalog.map { PortalLocale(identifier: $0.language, source: .fallback).isRightToLeft } ?? false
        for (manifest, base) in ordered {
            for sub in ["templates", "partials"] {
                for file in Self.files(in: base.appendingPathComponent(sub)) where file.hasSuffix(".mustache") {
                    let url = base.appendingPathComponent(sub).appendingPathComponent(file)
                    let templateName = String(file.dropLast(".mustache".count))
                    let english = (try? String(contentsOf: url, encoding: .utf8)) ?? ""
                    var missing: [String] = []
                    let text: String
                    do {
                        text = try TemplateTranslator.translate(english) { message in
                            guard let catalog else { return message }
                            if let translation = catalog.messages[message]?.translations.first {
                                return rightToLeft ? TemplateTranslator.isolatingValues(translation) : translation
                            }
                            missing.append(message)
                            return message
                        }
                    } catch {
                        throw ThemeError(theme: name, file: url.path, line: error.line, message: error.message)
                    }
                    untranslated[templateName] = missing
                    do {
                        templates[templateName] = try Self.template(text)
                    } catch let error as MustacheTemplate.ParserError {
                        throw ThemeError(
                            theme: name, file: url.path, line: error.context.lineNumber - 1, column: error.context.columnNumber,
                            message:
                                "template syntax error (\(error.error)) in: \(error.context.line.trimmingCharacters(in: .whitespaces))\(catalog == nil ? "" : " (translated to \(catalog!.language); check its catalog)")"
                        )
                    }
                    sources[templateName] = text
                    files[templateName] = url.path
                    if manifest == nil { inherited.insert(templateName) } else { inherited.remove(templateName) }
                }
            }
            guard let manifest else { continue }
            for file in Self.files(in: base.appendingPathComponent("assets")) {
                assets[file] = base.appendingPathComponent("assets").appendingPathComponent(file)
            }
            for (field, palette) in [("colors", manifest.colors), ("darkColors", manifest.darkColors)] {
                for (key, value) in palette ?? [:] {
                    guard HexColor(value) != nil else {
                        throw ThemeError(
                            theme: name, file: base.appendingPathComponent("theme.json").path,
                            message: "\(field) \"\(key)\" must be a colour like #1a2b3c, not \"\(value)\"")
                    }
                    if field == "colors" { colors[key] = value } else { darkColors[key] = value }
                }
            }
            fonts.merge(manifest.fonts ?? [:]) { $1 }
        }
        for required in Theme.pageTemplates where templates[required] == nil {
            throw ThemeError(theme: name, message: "template \"\(required)\" is missing: add templates/\(required).mustache to the theme or a theme it extends")
        }
        for (templateName, text) in sources {
            for partial in Self.partialNames(in: text) where templates[partial] == nil {
                throw ThemeError(
                    theme: name, file: files[templateName], message: "uses partial \"\(partial)\", which no file partials/\(partial).mustache provides")
            }
        }
        var parts = sources.keys.sorted().map { "\($0)\u{2}\(sources[$0]!)" }
        for (path, url) in assets.sorted(by: { $0.key < $1.key }) {
            parts.append("\(path)\u{2}\((try? Data(contentsOf: url))?.base64EncodedString() ?? "")")
        }
        let scheme = manifests.lazy.compactMap(\.scheme).first ?? .auto
        parts.append(
            "\(colors.sorted { $0.key < $1.key })\(darkColors.sorted { $0.key < $1.key })\(scheme)\(fonts.sorted { $0.key < $1.key })\(manifests[0].live ?? "")"
        )
        parts += catalogText
        return Theme(
            name: name, chain: chain, manifest: manifests[0], colors: colors, darkColors: darkColors, scheme: scheme, fonts: fonts,
            library: MustacheLibrary(templates: templates), stencils: StencilCache(sources: sources.values),
            rowSections: RowSections(sources: sources, templates: templates), assets: assets,
            digest: ShortDigest.of(parts), templateFiles: files,
            inheritedFromDefault: inherited.sorted(), localizer: Localizer(locale: locale, catalog: catalog),
            untranslated: untranslated.filter { !$0.value.isEmpty }, brokenMessages: broken.sorted())
    }

    /// The chain of `name` (itself, then the themes it extends), their manifests, and the folders whose files
    /// make the theme in the order they apply: the built-in default's (for files no theme in the chain has),
    /// then root first, so children override, and within a theme the built-in files before the folder's.
    private func resolve(_ name: String) throws -> (chain: [String], manifests: [ThemeManifest], ordered: [(ThemeManifest?, URL)]) {
        var chain: [String] = []
        var manifests: [ThemeManifest] = []
        var layerFolders: [[URL]] = []
        var current: String? = name
        while let themeName = current {
            if chain.contains(themeName) {
                throw ThemeError(theme: name, message: "inheritance cycle: \((chain + [themeName]).joined(separator: " extends "))")
            }
            guard !themeName.isEmpty, !themeName.contains("/"), !themeName.hasPrefix(".") else {
                throw ThemeError(theme: name, message: "\"\(themeName)\" is not a theme folder name")
            }
            let folders = layers(themeName)
            var manifest: ThemeManifest?
            for layer in folders {
                let manifestURL = layer.appendingPathComponent("theme.json")
                guard let data = try? Data(contentsOf: manifestURL) else { continue }
                do {
                    let read = try JSONDecoder().decode(ThemeManifest.self, from: data)
                    manifest = manifest.map { $0.overridden(by: read) } ?? read
                } catch let error as DecodingError {
                    throw ThemeError(theme: name, file: manifestURL.path, message: ConfigurationError.describe(error))
                } catch {
                    throw ThemeError(theme: name, file: manifestURL.path, message: "theme.json is not valid JSON")
                }
            }
            guard let manifest else {
                let known = available().joined(separator: ", ")
                let what = themeName == name ? "unknown theme" : "unknown parent theme \"\(themeName)\""
                throw ThemeError(
                    theme: name, file: folder.appendingPathComponent(themeName).appendingPathComponent("theme.json").path,
                    message: "\(what); the built-in themes and those in \(folder.path): \(known.isEmpty ? "none" : known)")
            }
            manifests.append(manifest)
            layerFolders.append(folders)
            chain.append(themeName)
            current = manifest.extends
        }

        // A template or partial that neither the theme nor its parents have comes from the built-in default
        // theme, so a page kind added to portalgen never breaks an existing theme (its assets do not come along).
        var fallbackLayer: [(ThemeManifest?, URL)] = []
        if !chain.contains("default"), let shipped = Self.builtIn?.appendingPathComponent("default") { fallbackLayer.append((nil, shipped)) }
        // Root first, so children override; within a theme, the built-in files first, so the folder's override.
        let ordered = fallbackLayer + zip(manifests, layerFolders).reversed().flatMap({ pair in pair.1.map { (Optional(pair.0), $0) } })
        return (chain, manifests, ordered)
    }

    /// `check`'s view of a theme in each of `locales`, without compiling it: per language, the catalog's broken
    /// messages and the messages of the templates it leaves in English.
    func translationProblems(
        _ name: String, locales: [PortalLocale]
    ) throws -> [(
        locale: PortalLocale, broken: [String], untranslated: Set<String>
    )] {
        let (_, _, ordered) = try resolve(name)
        var sources: [String: URL] = [:]
        for (_, base) in ordered {
            for sub in ["templates", "partials"] {
                for file in Self.files(in: base.appendingPathComponent(sub)) where file.hasSuffix(".mustache") {
                    sources[String(file.dropLast(".mustache".count))] = base.appendingPathComponent(sub).appendingPathComponent(file)
                }
            }
        }
        var messages = Set<String>()
        for url in sources.values {
            do {
                messages.formUnion(try TemplateTranslator.messages(in: (try? String(contentsOf: url, encoding: .utf8)) ?? ""))
            } catch {
                throw ThemeError(theme: name, file: url.path, line: error.line, message: error.message)
            }
        }
        return try locales.map { locale in
            let (catalog, broken) = try Self.checkedCatalog(for: locale, layers: ordered.map(\.1), theme: name)
            guard let catalog else { return (locale, broken, []) }
            return (locale, broken, messages.filter { catalog.messages[$0]?.translations.first == nil })
        }
    }

    /// The catalog of `locale`'s language with the messages whose translations drop or invent a placeholder
    /// taken out (they would print the wrong thing or break the template: their English text is used, and
    /// `check` fails naming them), and those messages described.
    static func checkedCatalog(for locale: PortalLocale, layers: [URL], theme: String) throws -> (MessageCatalog?, [String]) {
        var catalog = try catalog(for: locale, layers: layers, theme: theme)
        var broken: [String] = []
        for (message, entry) in catalog?.messages ?? [:] {
            for translation in entry.translations {
                if let problem = MessageCatalog.placeholderProblem(msgid: entry.plural ?? message, translation: translation, plural: entry.plural != nil) {
                    broken.append("\(catalog!.file):\(entry.line): msgid \(MessageCatalog.quoted(message)): \(problem)")
                    catalog!.messages[message] = nil
                    break
                }
            }
        }
        return (catalog, broken)
    }

    /// The catalog of `locale`'s language, merged over `layers` (later layers win message by message):
    /// `locales/<language>.po`, then `locales/<language>-<REGION>.po` for a regional variant. Nil for
    /// English, whose messages are their own text, and for a language no layer translates.
    static func catalog(for locale: PortalLocale, layers: [URL], theme: String) throws -> MessageCatalog? {
        guard locale.language != "en" else { return nil }
        var names = [locale.language]
        if locale.identifier != locale.language { names.append(locale.identifier) }
        var merged: MessageCatalog?
        for name in names {
            for layer in layers {
                let url = layer.appendingPathComponent("locales").appendingPathComponent(name + ".po")
                guard FileManager.default.fileExists(atPath: url.path) else { continue }
                do {
                    let catalog = try Self.parsedCatalog(url, language: locale.identifier)
                    if merged == nil {
                        merged = catalog
                    } else {
                        merged!.messages.merge(catalog.messages) { $1 }
                        if catalog.plural.count != PluralRule.english.count || merged!.plural.count == PluralRule.english.count {
                            merged!.plural = catalog.plural
                        }
                    }
                } catch {
                    throw ThemeError(theme: theme, file: error.file, line: error.line, message: error.message)
                }
            }
        }
        return merged
    }

    /// Catalogs parsed so far, by file, language and the file's size and modification time: `check` reads the
    /// same catalogs for every theme that extends the default, and a builder for every client's language.
    private static let catalogs = Mutex<[String: MessageCatalog]>([:])

    static func parsedCatalog(_ url: URL, language: String) throws(CatalogError) -> MessageCatalog {
        let attributes = try? FileManager.default.attributesOfItem(atPath: url.path)
        let stamp = "\((attributes?[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0)|\(attributes?[.size] as? Int ?? 0)"
        let key = "\(url.path)|\(language)|\(stamp)"
        if let known = catalogs.withLock({ $0[key] }) { return known }
        let catalog = try MessageCatalog(contentsOf: url, language: language)
        catalogs.withLock { $0[key] = catalog }
        return catalog
    }

    /// Parses a theme template so that it escapes by Unicode scalar (``ScalarHTMLEscaping``), never by
    /// grapheme cluster as swift-mustache's own HTML escaper does.
    static func template(_ text: String) throws -> MustacheTemplate {
        ScalarHTMLEscaping.registered
        // On a line of its own the pragma is a standalone tag: its line vanishes, and the template's first
        // line starts a line as before (error lines are one more than the file's).
        return try MustacheTemplate(string: ScalarHTMLEscaping.pragma + "\n" + text)
    }

    /// Every file under `directory` with its size and modification time: equal stamps, same theme files.
    static func stamp(of directory: URL) -> String {
        var parts: [String] = []
        for path in files(in: directory) {
            let attributes = try? FileManager.default.attributesOfItem(atPath: directory.appendingPathComponent(path).path)
            let modified = (attributes?[.modificationDate] as? Date)?.timeIntervalSinceReferenceDate ?? 0
            parts.append("\(path)\u{1}\(attributes?[.size] as? Int ?? -1)\u{1}\(modified)")
        }
        return parts.joined(separator: "\u{0}")
    }

    /// Relative paths of the regular files under `directory`, sorted; empty when it does not exist.
    static func files(in directory: URL) -> [String] {
        guard let enumerator = FileManager.default.enumerator(atPath: directory.path) else { return [] }
        var result: [String] = []
        for case let path as String in enumerator {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: directory.appendingPathComponent(path).path, isDirectory: &isDirectory), !isDirectory.boolValue,
                !(path as NSString).lastPathComponent.hasPrefix(".")
            {
                result.append(path)
            }
        }
        return result.sorted()
    }

    /// Names used as `{{> name}}` in a template.
    static func partialNames(in text: String) -> [String] {
        var names: [String] = []
        var rest = Substring(text)
        while let open = rest.range(of: "{{>") {
            rest = rest[open.upperBound...]
            guard let close = rest.range(of: "}}") else { break }
            names.append(rest[..<close.lowerBound].trimmingCharacters(in: .whitespaces))
            rest = rest[close.upperBound...]
        }
        return names
    }
}

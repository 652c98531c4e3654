import Foundation

/// Validates configuration, themes, the database schema and each client's branding without writing anything.
package struct PortalChecker {
    /// One finding of `portalgen check`.
    package struct Finding: Sendable, CustomStringConvertible {
        package enum Level: String, Sendable { case error, warning, note }
        package var level: Level
        package var message: String
        package var description: String { "\(level.rawValue): \(message)" }
    }

    package let configuration: PortalConfiguration

    package init(configuration: PortalConfiguration) { self.configuration = configuration }

    /// Every problem found; errors make `check` fail, warnings do not.
    package func run() -> [Finding] {
        var findings: [Finding] = []
        let library = ThemeLibrary(folder: configuration.themes)
        var names = Set(library.available())
        names.insert(configuration.theme)
        for settings in configuration.clients.values { if let theme = settings.theme { names.insert(theme) } }
        var themes: [String: Theme] = [:]
        for name in names.sorted() {
            do {
                let theme = try library.load(name)
                themes[name] = theme
                // Templates that defeat the stencils: every page of the theme is then rendered by Mustache.
                for (template, file) in theme.templateFiles.sorted(by: { $0.key < $1.key }) {
                    guard let source = try? String(contentsOfFile: file, encoding: .utf8) else { continue }
                    for problem in StencilCache.fastPathProblems(in: source) {
                        findings.append(
                            Finding(
                                level: .warning,
                                message:
                                    "\(file):\(problem.line): \(problem.tag) \(problem.reason): theme \"\(name)\" renders every page with Mustache, about ten times slower than its stencils; compute the value in the page model (or a partial) instead of in \(template)"
                            ))
                    }
                }
                // Lists inside a partial included with indentation are rendered by Mustache whole.
                for include in theme.rowSections.indentedIncludes() {
                    let file = theme.templateFiles[include.template] ?? include.template
                    findings.append(
                        Finding(
                            level: .warning,
                            message:
                                "\(file):\(include.line): {{> \(include.partial)}} is indented, so Mustache indents every line of its output and the lists it repeats are rendered whole, not row by row; start the tag at the beginning of its line"
                        ))
                }
                if !theme.inheritedFromDefault.isEmpty {
                    findings.append(
                        Finding(
                            level: .note,
                            message:
                                "theme \"\(name)\" lacks \(theme.inheritedFromDefault.joined(separator: ", ")); those pages use the built-in default theme's files (add them to the theme to style them)"
                        ))
                }
            } catch {
                findings.append(Finding(level: .error, message: "\(error)"))
            }
        }
        // Every theme in every language it has a catalog for: broken placeholders fail, untranslated
        // messages are listed per language.
        for name in names.sorted() where themes[name] != nil {
            let locales = PortalLocale.shippedLanguages.filter { $0 != "en" }.compactMap { PortalLocale($0, source: .configuration) }
            for (locale, broken, missing) in (try? library.translationProblems(name, locales: locales)) ?? [] {
                let language = locale.identifier
                for broken in broken { findings.append(Finding(level: .error, message: "theme \"\(name)\" (\(language)): \(broken)")) }
                if !missing.isEmpty {
                    findings.append(
                        Finding(
                            level: .warning,
                            message:
                                "theme \"\(name)\" (\(language)): \(missing.count) messages have no translation and print in English: \(missing.sorted().prefix(5).map { "\"\($0)\"" }.joined(separator: ", "))\(missing.count > 5 ? ", …" : "")"
                        ))
                }
            }
        }
        if configuration.pdf {
            switch PDFEngine.probe() {
            case .success(let engine):
                findings.append(Finding(level: .note, message: "PDFs of invoices, quotes and statements: \(engine)"))
                if !engine.contains("factur-x") {
                    findings.append(
                        Finding(
                            level: .warning,
                            message:
                                "invoices get plain PDF/A files, not Factur-X: install Akretion's library (`pip install factur-x`) to embed their EN 16931 data"
                        ))
                }
            case .failure(let error): findings.append(Finding(level: .warning, message: error.advice))
            }
        }
        if let problem = configuration.proxy.plainHTTPProblem {
            findings.append(Finding(level: .error, message: problem))
        } else if !configuration.proxy.tls, !configuration.proxy.listensOnLoopbackOnly {
            findings.append(
                Finding(
                    level: .warning,
                    message:
                        "proxy.listen \(configuration.proxy.listen) serves plain HTTP on every interface: \(configuration.proxy.mode == "basic" ? "basic-auth passwords cross the network in clear; " : "")set proxy.certificate and proxy.certificateKey for HTTPS, or listen on 127.0.0.1 behind a TLS terminator"
                ))
        }
        for (key, settings) in configuration.clients.sorted(by: { $0.key < $1.key }) {
            if let message = PortalConfiguration.slugKeyedTrustWarning(key: key, settings) { findings.append(Finding(level: .warning, message: message)) }
            if let logo = settings.branding?.logoURL, !logo.lowercased().hasPrefix("http") {
                let url = URL(fileURLWithPath: logo, relativeTo: configuration.source?.deletingLastPathComponent()).standardizedFileURL
                if !FileManager.default.fileExists(atPath: url.path) {
                    findings.append(Finding(level: .error, message: "clients.\(key).branding.logoURL: the logo file \(url.path) does not exist"))
                }
            }
        }
        let portal: Portal
        do {
            portal = try Portal(configuration: configuration)
        } catch {
            findings.append(Finding(level: .error, message: "\(error)"))
            return findings
        }
        if let triggers = try? TriggerScript.missing(portal.database), !triggers.tables.isEmpty, triggers.tables.count < triggers.watched {
            let tables = triggers.tables.joined(separator: ", ")
            findings.append(
                Finding(
                    level: .warning,
                    message: portal.database.dialect == .postgres
                        ? "the NOTIFY triggers of \(tables) are missing or from another portalgen version, so serve polls instead of listening: run `portalgen triggers` again as the tables' owner"
                        : "the change-log triggers of \(tables) are missing or from another portalgen version, so edits there are found only by re-reading every client: run `portalgen triggers` again with write access to the database"
                ))
        }
        do {
            let clients = try portal.clients()
            for client in clients {
                guard let snapshot = try ClientScope(clientID: client.id, billing: client.shown.readsBilling).snapshot(from: portal.database) else { continue }
                let branding = Branding(
                    customization: snapshot.customization, override: client.settings?.branding, trustHTML: client.trustsCustomHTML,
                    settings: snapshot.settings, configFolder: configuration.source?.deletingLastPathComponent())
                for warning in branding.warnings { findings.append(Finding(level: .warning, message: "\(client.slug): branding: \(warning)")) }
                for problem in snapshot.problems { findings.append(Finding(level: .warning, message: "\(client.slug): \(problem)")) }
                for invoice in snapshot.invoices where invoice.sentUBL == nil && !invoice.isCancelled {
                    if case .failure(let missing) = UBLInvoice.make(invoice, settings: snapshot.settings) {
                        findings.append(Finding(level: .warning, message: "\(client.slug): invoice \(invoice.number): \(missing.description)"))
                    }
                }
                if let theme = themes[client.theme] {
                    for message in Self.contrastProblems(branding, theme: theme) {
                        findings.append(Finding(level: .warning, message: "\(client.slug): \(message)"))
                    }
                } else if !names.contains(client.theme) || themes[client.theme] == nil {
                    findings.append(
                        Finding(level: .error, message: "\(client.slug): uses theme \"\(client.theme)\", which cannot be loaded; this client will not build"))
                }
            }
        } catch {
            findings.append(Finding(level: .error, message: "\(error)"))
        }
        return findings
    }

    /// WCAG AA (4.5:1) checks of the colour pairs the themes use: text on the brand colours and brand
    /// colours as link text on the page background.
    static func contrastProblems(_ branding: Branding, theme: Theme) -> [String] {
        var problems: [String] = []
        let background = theme.colors["surface"].flatMap(HexColor.init) ?? HexColor("#ffffff")!
        for (name, color) in [("primary", branding.primary), ("accent", branding.accent)] {
            guard let color else { continue }
            let ratio = color.contrast(with: background)
            if ratio < 4.5 {
                problems.append(
                    String(
                        format: "%@ colour %@ on the background %@ has contrast %.2f:1, below WCAG AA's 4.5:1 for links and text", name, color.description,
                        background.description, ratio))
            }
        }
        return problems
    }
}

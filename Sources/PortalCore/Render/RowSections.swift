import Mustache
import Synchronization

/// Renders the lists a page repeats row by row, so that each row's stencil is filled.
///
/// A page whose list has 87 rows has a shape of its own, so Mustache would render it whole, looking up and
/// casting every `{{name}}` of every row. Instead, each `{{#list}}…{{/list}}` section over a list of the
/// page's context is cut out of the theme's templates: its body becomes a template of its own, rendered
/// once per row through the ``StencilCache`` (rows share a few shapes), and the section's place receives
/// the rows' HTML. What Mustache prints stays exactly what it printed from the whole template:
///
/// - a row sees its own fields and, for any name it lacks, the page's value (Mustache's context stack);
/// - a section is cut out only where its lines are cut as Mustache cuts them: open and close tags each alone
///   on their lines (the lines vanish), or both inline around a one-line body that starts with text;
/// - a section is left to Mustache where an enclosing section pushes a dictionary or list (which might hold
///   the same name), inside another list's rows, and in a partial included with indentation (Mustache
///   indents each line of its output): `portalgen check` names such includes.
///
/// The cut templates are made per page template and per kinds of its context (which keys hold lists or
/// dictionaries), once per theme, and kept.
final class RowSections: Sendable {
    /// A section over a page list, cut out of a template.
    struct Occurrence: Sendable {
        /// The list it repeats (a key of the page's context).
        let key: String
        /// The context key that receives the rows' HTML, printed where the section was.
        let token: String
        /// The template of one row: the section's body.
        let body: String
        /// The names the body looks up, which a row may lack and the page may then supply.
        let outerNames: [String]
        /// Where the body comes from: one row renders alike through every variant's copy of it.
        let section: Section
    }

    /// A page template with its list sections cut out, for pages whose context has these kinds of values.
    struct Variant: Sendable {
        let template: String
        /// Distinguishes the variant's templates in the stencil cache.
        let id: Int
        let library: MustacheLibrary
        let occurrences: [Occurrence]
        /// Lists some tag still reads from the page as a list (a section left to Mustache, `{{list.x}}`):
        /// given to the template as they are, where the others become a flag (not empty).
        let expanded: Set<String>
    }

    /// A section of a template, by the index of its opening tag: the same body in every variant.
    struct Section: Hashable, Sendable {
        let template: String
        let tag: Int
    }

    private let templates: [String: MustacheTemplate]
    private let parsed: [String: MustacheTags]
    /// The variants by page template and kinds of context, and the number of ids given out.
    private let variants = Mutex<(byKey: [String: Variant], count: Int)>(([:], 0))

    /// `sources` and `templates`: the theme's translated template texts and their parsed templates, by name.
    init(sources: [String: String], templates: [String: MustacheTemplate]) {
        self.templates = templates
        parsed = sources.compactMapValues(MustacheTags.init)
    }

    /// The variant of `template` for a context whose `lists` and `records` keys hold lists and dictionaries;
    /// nil when no section can be cut out.
    func variant(_ template: String, lists: Set<String>, records: Set<String>) -> Variant? {
        let key = ([template] + lists.sorted() + ["\u{1}"] + records.sorted()).joined(separator: "\u{0}")
        if let known = variants.withLock({ $0.byKey[key] }) { return known.occurrences.isEmpty ? nil : known }
        // Ids are never shared, even by variants made at once on two threads: their row templates' names
        // are keys of the theme's one stencil cache.
        let id = variants.withLock { state in
            defer { state.count += 1 }
            return state.count
        }
        let made = make(template, lists: lists, records: records, id: id)
        let kept = variants.withLock { state -> Variant in
            if let raced = state.byKey[key] { return raced }
            state.byKey[key] = made
            return made
        }
        return kept.occurrences.isEmpty ? nil : kept
    }

    /// Page template → the lists cut out of it in the variants made so far.
    var cutOut: [String: Set<String>] {
        variants.withLock { state in
            state.byKey.values.reduce(into: [:]) { result, variant in result[variant.template, default: []].formUnion(variant.occurrences.map(\.key)) }
        }
    }

    /// Where a partial include keeps a template's lists from being cut out: `(template, line, partial)`
    /// for each `{{> name}}` with indentation that leads to a section (which may repeat a list).
    func indentedIncludes() -> [(template: String, line: Int, partial: String)] {
        var found: [(template: String, line: Int, partial: String)] = []
        for (name, tags) in parsed.sorted(by: { $0.key < $1.key }) {
            for tag in tags.tags where tag.kind == .partial && tags.indentation(of: tag) > 0 && hasSection(tag.name, seen: []) {
                found.append((name, tags.bytes[..<tag.start].count { $0 == 0x0A } + 1, tag.name))
            }
        }
        return found
    }

    private func hasSection(_ name: String, seen: Set<String>) -> Bool {
        guard !seen.contains(name), let tags = parsed[name] else { return false }
        return tags.tags.contains { $0.kind == .section || ($0.kind == .partial && hasSection($0.name, seen: seen.union([name]))) }
    }

    private func make(_ page: String, lists: Set<String>, records: Set<String>, id: Int) -> Variant {
        let nothing = Variant(template: page, id: id, library: MustacheLibrary(templates: templates), occurrences: [], expanded: lists)
        var planner = Planner(parsed: parsed, known: Set(templates.keys), lists: lists, records: records)
        planner.visit(page, shadowed: false, indented: false, path: [])
        guard !planner.unreadable else { return nothing }
        let chosen = Set(planner.extractable.filter(\.value).keys)
        guard !chosen.isEmpty else { return nothing }
        var expanded = Set<String>()
        planner.references(page, skipping: chosen, into: &expanded, path: [])

        var library = templates
        var occurrences: [Occurrence] = []
        for (template, ids) in Dictionary(grouping: chosen, by: \.template) {
            let tags = parsed[template]!
            var text = tags.bytes
            // From the end, so that earlier offsets stay valid.
            for section in ids.sorted(by: { $0.tag > $1.tag }) {
                let open = tags.tags[section.tag]
                let cut = Planner.cut(tags, section.tag)!
                let token = "__rows\(id)_\(occurrences.count)__"
                var names = Set<String>()
                planner.names(tags, template, section.tag + 1..<open.close, into: &names, path: [template])
                names.remove(".")
                names.remove("")
                occurrences.append(Occurrence(key: open.name, token: token, body: token + "body", outerNames: names.sorted(), section: section))
                let replacement =
                    cut.standalone
                    ? "{{> \(token)}}" + (cut.replace.upperBound > tags.line(of: tags.tags[open.close]).upperBound ? "\n" : "") : "{{{\(token)}}}"
                guard let body = try? ThemeLibrary.template(String(decoding: tags.bytes[cut.body], as: UTF8.self)),
                    let holder = try? ThemeLibrary.template("{{{\(token)}}}")
                else { return nothing }
                library[token + "body"] = body
                library[token] = holder
                text.replaceSubrange(cut.replace, with: Array(replacement.utf8))
            }
            guard let rewritten = try? ThemeLibrary.template(String(decoding: text, as: UTF8.self)) else { return nothing }
            library[template] = rewritten
        }
        return Variant(template: page, id: id, library: MustacheLibrary(templates: library), occurrences: occurrences, expanded: expanded)
    }

    /// Walks the templates a page reaches, deciding which sections over lists can be cut out.
    private struct Planner {
        let parsed: [String: MustacheTags]
        /// Every template and partial of the theme.
        let known: Set<String>
        let lists: Set<String>
        let records: Set<String>
        /// Each section over a list, and whether every place that reaches it allows cutting it out.
        var extractable: [Section: Bool] = [:]
        /// A partial that cannot be read (changed delimiters, inheritance) or includes itself.
        var unreadable = false

        /// `shadowed`: an enclosing section pushed a dictionary or list (or a row) that might hold the
        /// list's name. `indented`: an include on the way gives the output indentation.
        mutating func visit(_ name: String, shadowed: Bool, indented: Bool, path: [String]) {
            guard !path.contains(name) else {
                unreadable = true
                return
            }
            guard let tags = parsed[name] else {
                // A partial the theme does not have prints nothing; a template that cannot be read is left whole.
                if known.contains(name) { unreadable = true }
                return
            }
            visit(tags, name, 0..<tags.tags.count, shadowed: shadowed, indented: indented, path: path + [name])
        }

        private mutating func visit(_ tags: MustacheTags, _ name: String, _ range: Range<Int>, shadowed: Bool, indented: Bool, path: [String]) {
            var index = range.lowerBound
            while index < range.upperBound {
                let tag = tags.tags[index]
                switch tag.kind {
                case .section:
                    let key = MustacheTags.key(tag.name)
                    if lists.contains(tag.name) {
                        let id = Section(template: name, tag: index)
                        extractable[id] = (extractable[id] ?? true) && !shadowed && !indented && Self.cut(tags, index) != nil
                        visit(tags, name, index + 1..<tag.close, shadowed: true, indented: indented, path: path)
                    } else {
                        let pushes = tag.name.contains(".") || lists.contains(key) || records.contains(key)
                        visit(tags, name, index + 1..<tag.close, shadowed: shadowed || pushes, indented: indented, path: path)
                    }
                    index = tag.close + 1
                    continue
                case .inverted:
                    visit(tags, name, index + 1..<tag.close, shadowed: shadowed, indented: indented, path: path)
                    index = tag.close + 1
                    continue
                case .partial:
                    visit(tag.name, shadowed: shadowed, indented: indented || tags.indentation(of: tag) > 0, path: path)
                default:
                    break
                }
                index += 1
            }
        }

        /// The lists that some tag outside the cut-out sections reads as lists, not only as flags.
        func references(_ name: String, skipping chosen: Set<Section>, into expanded: inout Set<String>, path: [String]) {
            guard !path.contains(name), let tags = parsed[name] else { return }
            var index = 0
            while index < tags.tags.count {
                let tag = tags.tags[index]
                if chosen.contains(Section(template: name, tag: index)) {
                    index = tag.close + 1
                    continue
                }
                let key = MustacheTags.key(tag.name)
                switch tag.kind {
                case .partial: references(tag.name, skipping: chosen, into: &expanded, path: path + [name])
                case .section, .variable: if lists.contains(key) { expanded.insert(key) }
                case .inverted: if tag.name != key, lists.contains(key) { expanded.insert(key) }
                case .close, .other: break
                }
                index += 1
            }
        }

        /// The first components of every name looked up in `range` of `tags`, and in the partials it includes.
        func names(_ tags: MustacheTags, _ name: String, _ range: Range<Int>, into names: inout Set<String>, path: [String]) {
            for tag in tags.tags[range] {
                switch tag.kind {
                case .variable, .section, .inverted: names.insert(MustacheTags.key(tag.name))
                case .partial:
                    if !path.contains(tag.name), let partial = parsed[tag.name] {
                        self.names(partial, tag.name, 0..<partial.tags.count, into: &names, path: path + [tag.name])
                    }
                case .close, .other: break
                }
            }
        }

        /// What cutting out section `index` replaces and what its body is; nil where Mustache's handling of
        /// the lines could not be kept (one tag alone on its line and the other not, a multi-line inline body,
        /// an inline body starting with a blank or a tag).
        static func cut(_ tags: MustacheTags, _ index: Int) -> (replace: Range<Int>, body: Range<Int>, standalone: Bool)? {
            let open = tags.tags[index]
            let close = tags.tags[open.close]
            switch (tags.isStandalone(open), tags.isStandalone(close)) {
            case (true, true):
                let openLine = tags.line(of: open)
                let closeLine = tags.line(of: close)
                guard openLine.upperBound < closeLine.lowerBound else { return nil }
                return (openLine.lowerBound..<min(closeLine.upperBound + 1, tags.bytes.count), openLine.upperBound + 1..<closeLine.lowerBound, true)
            case (false, false):
                let body = open.end..<close.start
                guard let first = body.first.map({ tags.bytes[$0] }), !tags.bytes[body].contains(0x0A), !MustacheTags.isBlank(first), first != 0x7B else {
                    return nil
                }
                return (open.start..<close.end, body, false)
            default:
                return nil
            }
        }
    }
}

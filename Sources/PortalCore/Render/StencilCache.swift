import Mustache
import Synchronization

/// Renders a theme's templates through ``TemplateStencil``s. The first context of each shape is rendered by
/// swift-mustache; the second too, and with markers, which makes the stencil if it reproduces that output
/// exactly; every later one is filled. Shapes met once (a report's list of busy days) cost no more than before.
///
/// Shared by every client of the theme in a build, so the many rows, pages and layouts that share a shape
/// pay for Mustache once. A theme whose templates look inside text (transforms such as `{{lowercased(x)}}`,
/// dynamic partials, changed delimiters) is always rendered by Mustache, and so is any shape whose stencil
/// does not reproduce Mustache's output exactly.
final class StencilCache: Sendable {
    private enum Entry: Sendable {
        case seenOnce
        case stencil(TemplateStencil)
        case mustacheOnly
    }

    /// Template name → shape key → entry, and the number of entries.
    private let entries = Mutex<(byTemplate: [String: [[UInt8]: Entry]], count: Int)>(([:], 0))
    /// False: everything is rendered by Mustache, whole (a theme that looks inside text, or the tests'
    /// reference rendering).
    let enabled: Bool
    /// Shapes kept per theme; past this the cache starts over (the daemon keeps a theme's cache from build to
    /// build for months). A full build of 1,000 clients meets about 1,300 shapes, 650 of them stencils of a
    /// few kilobytes each.
    static let capacity = 5_000

    /// `sources`: the theme's template texts, checked for text logic.
    convenience init(sources: some Sequence<String>) {
        self.init(enabled: sources.allSatisfy { !Self.looksInsideText($0) })
    }

    /// `enabled: false` renders everything with Mustache (to compare with).
    init(enabled: Bool) {
        self.enabled = enabled
    }

    /// Renders template `name` of `library`; `cacheName` tells apart templates of the same name in several
    /// libraries (the variants of ``RowSections``).
    func render(_ name: String, cacheName: String? = nil, _ context: [String: Any], library: MustacheLibrary) -> String {
        guard enabled else { return library.render(context, withTemplate: name) ?? "" }
        guard let shape = ContextShape(context) else {
            assertionFailure("a page model put a value of another type than String, Int, Double, Bool, array or [String: Any] into \(name)'s context")
            return library.render(context, withTemplate: name) ?? ""
        }
        return render(name, cacheName: cacheName, shape: shape, context: context, library: library)
    }

    /// Renders a context given by its shape; `context` is built only when Mustache has to render it.
    func render(
        _ name: String, cacheName: String? = nil, shape: ContextShape, context: @autoclosure () -> [String: Any], library: MustacheLibrary
    ) -> String {
        guard enabled else { return library.render(context(), withTemplate: name) ?? "" }
        let key = shape.cacheKey
        let cacheName = cacheName ?? name
        switch entries.withLock({ $0.byTemplate[cacheName]?[key] }) {
        case .stencil(let stencil):
            if let output = stencil.fill(shape.leaves) { return output }
        case .mustacheOnly:
            break
        case .seenOnce:
            let context = context()
            let output = library.render(context, withTemplate: name) ?? ""
            let marked = library.render(ContextShape.marked(context) { TemplateStencil.marker($0, endsLine: $1) }, withTemplate: name) ?? ""
            let stencil = TemplateStencil(rendered: marked)
            remember(cacheName, key, stencil.flatMap { $0.fill(shape.leaves) } == output ? .stencil(stencil!) : .mustacheOnly)
            return output
        case nil:
            remember(cacheName, key, .seenOnce)
        }
        return library.render(context(), withTemplate: name) ?? ""
    }

    /// How many shapes are rendered by filling a stencil.
    var stencilCount: Int {
        entries.withLock { entries in
            entries.byTemplate.values.reduce(0) { count, shapes in count + shapes.values.count { if case .stencil = $0 { true } else { false } } }
        }
    }

    private func remember(_ name: String, _ key: [UInt8], _ entry: Entry) {
        entries.withLock {
            if $0.count >= Self.capacity { $0 = ([:], 0) }
            if $0.byTemplate[name, default: [:]].updateValue(entry, forKey: key) == nil { $0.count += 1 }
        }
    }

    /// Whether a template's tags compute with values rather than only print or test them: transforms and
    /// sequence functions (`(`), dynamic partials (`*`) and delimiter changes (`=`).
    static func looksInsideText(_ source: String) -> Bool { !fastPathProblems(in: source).isEmpty }

    /// The tags of `source` that make its theme render every page with Mustache, each with its line and why.
    static func fastPathProblems(in source: String) -> [(line: Int, tag: String, reason: String)] {
        var problems: [(line: Int, tag: String, reason: String)] = []
        // A scan of the UTF-8 bytes: `check` reads every template of every theme.
        let bytes = Array(source.utf8)
        let brace = UInt8(ascii: "{"), closing = UInt8(ascii: "}"), newline = UInt8(ascii: "\n")
        var line = 1, index = 0
        while index + 1 < bytes.count {
            if bytes[index] == newline { line += 1 }
            guard bytes[index] == brace, bytes[index + 1] == brace else {
                index += 1
                continue
            }
            var end = index + 2
            while end + 1 < bytes.count, !(bytes[end] == closing && bytes[end + 1] == closing) { end += 1 }
            guard end + 1 < bytes.count else {
                problems.append((line, "{{", "a tag that is never closed"))
                break
            }
            let tag = String(decoding: bytes[(index + 2)..<end], as: UTF8.self)
            let shown = "{{" + tag + "}}"
            if tag.hasPrefix("=") {
                problems.append((line, shown, "changes the delimiters"))
            } else if tag.contains("*") {
                problems.append((line, shown, "is a dynamic partial"))
            } else if tag.contains("(") {
                problems.append((line, shown, "is a transform or sequence function"))
            }
            line += bytes[(index + 2)..<end].reduce(0) { $1 == newline ? $0 + 1 : $0 }
            index = end + 2
        }
        return problems
    }
}

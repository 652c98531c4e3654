import Mustache

/// ``HTMLEscaping`` as swift-mustache's `HTML` content type.
///
/// swift-mustache's own HTML escaper (2.1.1) compares whole `Character`s, so `"` followed by U+0301 (one
/// grapheme cluster that is not `"`) is copied raw and ends a double-quoted attribute. portalgen registers
/// this escaper as Mustache's `HTML` content type and starts every template with that pragma, so Mustache,
/// the stencils (``TemplateStencil``) and ``HTMLSanitizer/escape(_:)`` escape alike.
struct ScalarHTMLEscaping: MustacheContentType {
    func escapeText(_ text: String) -> String { HTMLEscaping.escaped(text) }

    /// The pragma every theme template starts with, on a line of its own (it prints nothing).
    static let pragma = "{{% CONTENT_TYPE: HTML}}"

    /// Registers the escaper as Mustache's `HTML` content type, once per process, before any template is parsed.
    static let registered: Void = MustacheContentTypes.register(ScalarHTMLEscaping(), named: "HTML")
}

/// The placeholder a rendered page carries for the publisher, which alone knows its value.
///
/// Each contains `<`, which escaped database text can never contain, and a private-use character, which
/// HTML hardly ever contains, for the publisher's `memchr` to look for.
package enum PageToken {
    /// Stands where the page's own version goes (`<meta name="portalgen-version">`); the publisher replaces it
    /// with a digest of the page's content, so a page knows which content it shows and an unchanged page keeps
    /// its bytes. The live script sends it, and the daemon says at once when the page is out of date.
    package static let version = "<\u{E002}portalgen-version/>"
}

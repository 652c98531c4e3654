extension Unicode.Scalar {
    /// Control characters that are not allowed in HTML text (C0 other than tab and newline, DEL, C1).
    /// Both the page models and the HTML escaper drop them, so database text never makes a page invalid.
    var isForbiddenInHTMLText: Bool {
        (value < 0x20 && self != "\n" && self != "\t") || value == 0x7f || (0x80...0x9f).contains(value)
    }
}

extension Unicode.Scalar {
    /// Control characters that are not allowed in HTML text (C0 other than tab and newline, DEL, C1).
    /// Both the page models and the HTML escaper drop them, so database text never makes a page invalid.
    var isForbiddenInHTMLText: Bool {
        (value < 0x20 && self != "\n" && self != "\t") || value == 0x7f || (0x80...0x9f).contains(value)
    }
}

extension String {
    /// Whether any scalar is ``Unicode/Scalar/isForbiddenInHTMLText``, decided on bytes (a page model asks
    /// for every text): C0 controls and DEL are single bytes, C1 controls are 0xC2 followed by 0x80…0x9F.
    var holdsTextForbiddenInHTML: Bool {
        var previous: UInt8 = 0
        for byte in utf8 {
            if (byte < 0x20 && byte != 0x0A && byte != 0x09) || byte == 0x7F || (previous == 0xC2 && byte <= 0x9F && byte >= 0x80) { return true }
            previous = byte
        }
        return false
    }
}

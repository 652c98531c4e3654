import CQREncode
import Foundation

/// A QR code drawn as SVG by libqrencode's matrix: black modules as one path of horizontal runs, a quiet
/// zone of four modules, error correction level M (as EPC069-12 asks). Deterministic: the same text gives
/// the same bytes.
enum QRCodeSVG {
    /// The SVG document of `text` encoded as 8-bit bytes (UTF-8), or nil when it does not fit in a QR code.
    static func svg(_ text: String, title: String) -> String? {
        guard let code = text.withCString({ QRcode_encodeString8bit($0, 0, QR_ECLEVEL_M) }) else { return nil }
        defer { QRcode_free(code) }
        let width = Int(code.pointee.width)
        let modules = UnsafeBufferPointer(start: code.pointee.data, count: width * width)
        let quiet = 4
        var path = ""
        path.reserveCapacity(width * width * 3)
        for y in 0..<width {
            var x = 0
            while x < width {
                // Bit 0 of each byte is the module's colour (1 = dark).
                guard modules[y * width + x] & 1 == 1 else {
                    x += 1
                    continue
                }
                let start = x
                while x < width, modules[y * width + x] & 1 == 1 { x += 1 }
                path += "M\(start + quiet) \(y + quiet)h\(x - start)v1h-\(x - start)z"
            }
        }
        let size = width + 2 * quiet
        let escapedTitle = HTMLEscaping.escaped(XMLWriter.clean(title))
        return """
            <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 \(size) \(size)" width="\(size * 4)" height="\(size * 4)" shape-rendering="crispEdges" role="img" aria-label="\(escapedTitle)">\
            <title>\(escapedTitle)</title><rect width="\(size)" height="\(size)" fill="#fff"/><path fill="#000" d="\(path)"/></svg>

            """
    }
}

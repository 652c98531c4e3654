/// A file of a client's site as it is written: a rendered page, a CSV, an e-invoice, a QR code, an asset, a document.
package struct SiteFile: Sendable, Hashable {
    package var path: String
    package var bytes: [UInt8]

    package init(path: String, bytes: [UInt8]) {
        self.path = path
        self.bytes = bytes
    }
}

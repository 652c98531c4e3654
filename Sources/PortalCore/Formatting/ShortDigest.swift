import Crypto
import Foundation

/// A short digest of text parts: the first 12 bytes of the SHA-256 of the parts joined by U+0001, as hex.
/// Fingerprints clients and themes, so that an unchanged one is recognised from build to build.
enum ShortDigest {
    static func of(_ parts: [String]) -> String {
        SHA256.hash(data: Data(parts.joined(separator: "\u{1}").utf8)).prefix(12).hex
    }
}

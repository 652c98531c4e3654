import Crypto
import Foundation
import _CryptoExtras

/// A password hash as TimeTracker stores it: werkzeug's `method$salt$hex`, with `method` one of
/// `scrypt:N:r:p` (werkzeug 3's default, `scrypt:32768:8:1`) and `pbkdf2:sha256|sha512[:iterations]` (older
/// installs). The salt is used as the text it is, the hex is the derived key (64 bytes for scrypt, the
/// digest's length for PBKDF2), compared in constant time. The key derivation is swift-crypto's
/// (BoringSSL's scrypt and PBKDF2), never hand-written.
///
/// Stored parameters are capped (``maxScryptMemory``, ``maxPBKDF2Iterations``): a row that asks for more
/// would let one sign-in take the daemon's memory or a core for seconds, and is refused as unknown.
struct PasswordHash: Sendable, Hashable {
    enum Method: Sendable, Hashable {
        case scrypt(n: Int, r: Int, p: Int)
        case pbkdf2(sha512: Bool, iterations: Int)
    }

    let method: Method
    let salt: [UInt8]
    let expected: [UInt8]

    /// scrypt needs 128·N·r bytes (32 MiB at werkzeug's default): at most 128 MiB per sign-in.
    static let maxScryptMemory = 128 * 1_048_576
    static let maxPBKDF2Iterations = 5_000_000
    /// werkzeug's default PBKDF2 iterations when the hash names none (werkzeug 2.3–3.0).
    static let defaultPBKDF2Iterations = 600_000

    /// nil when `stored` is not a hash this reads, or asks for more work than the caps allow; `why` says which.
    init?(_ stored: String, why: inout String) {
        let parts = stored.split(separator: "$", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 3, !parts[1].isEmpty, let expected = Self.bytes(hex: parts[2]), !expected.isEmpty else {
            why = "is not werkzeug's method$salt$hash"
            return nil
        }
        let fields = parts[0].split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        switch fields.first {
        case "scrypt":
            let numbers = fields.dropFirst().map { Int($0) }
            let (n, r, p): (Int?, Int?, Int?) = numbers.isEmpty ? (32768, 8, 1) : numbers.count == 3 ? (numbers[0], numbers[1], numbers[2]) : (nil, nil, nil)
            guard let n, let r, let p, n > 1, n & (n - 1) == 0, r > 0, p > 0, p <= 16, r <= 64 else {
                why = "has scrypt parameters this cannot read (\(parts[0]))"
                return nil
            }
            guard n.multipliedReportingOverflow(by: 128 * r).partialValue <= Self.maxScryptMemory, n <= Self.maxScryptMemory / (128 * r) else {
                why = "asks scrypt for more than \(Self.maxScryptMemory / 1_048_576) MiB (\(parts[0]))"
                return nil
            }
            method = .scrypt(n: n, r: r, p: p)
        case "pbkdf2":
            guard fields.count <= 3 else {
                why = "has pbkdf2 parameters this cannot read (\(parts[0]))"
                return nil
            }
            let digest = fields.count > 1 ? fields[1] : "sha256"
            guard digest == "sha256" || digest == "sha512" else {
                why = "uses pbkdf2 with \(digest), which TimeTracker never writes"
                return nil
            }
            let iterations = fields.count > 2 ? Int(fields[2]) : Self.defaultPBKDF2Iterations
            guard let iterations, iterations > 0, iterations <= Self.maxPBKDF2Iterations else {
                why = "asks pbkdf2 for more than \(Self.maxPBKDF2Iterations) iterations or none (\(parts[0]))"
                return nil
            }
            method = .pbkdf2(sha512: digest == "sha512", iterations: iterations)
        default:
            why = "uses a method other than scrypt or pbkdf2 (\(String(parts[0].prefix(20))))"
            return nil
        }
        salt = Array(parts[1].utf8)
        self.expected = expected
    }

    /// Whether `password` derives the stored key. Takes tens of milliseconds at TimeTracker's parameters.
    func verify(_ password: String) -> Bool {
        guard let derived = try? derive(password) else { return false }
        return Self.constantTimeEqual(derived, expected)
    }

    func derive(_ password: String) throws -> [UInt8] {
        let key: SymmetricKey
        switch method {
        case .scrypt(let n, let r, let p):
            key = try KDF.Scrypt.deriveKey(
                from: Array(password.utf8), salt: salt, outputByteCount: expected.count, rounds: n, blockSize: r, parallelism: p,
                maxMemory: 132 * n * r * p + 1_048_576)
        case .pbkdf2(let sha512, let iterations):
            key = try KDF.Insecure.PBKDF2.deriveKey(
                from: Array(password.utf8), salt: salt, using: sha512 ? .sha512 : .sha256, outputByteCount: expected.count,
                unsafeUncheckedRounds: iterations)
        }
        return key.withUnsafeBytes { Array($0) }
    }

    static func constantTimeEqual(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        var difference: UInt8 = 0
        for index in a.indices { difference |= a[index] ^ b[index] }
        return difference == 0
    }

    static func bytes(hex: Substring) -> [UInt8]? {
        let digits = Array(hex.utf8)
        guard digits.count % 2 == 0, digits.count <= 256 else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(digits.count / 2)
        func value(_ c: UInt8) -> UInt8? {
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): c - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): c - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): c - UInt8(ascii: "A") + 10
            default: nil
            }
        }
        var index = 0
        while index < digits.count {
            guard let high = value(digits[index]), let low = value(digits[index + 1]) else { return nil }
            bytes.append(high << 4 | low)
            index += 2
        }
        return bytes
    }

    /// A stand-in of werkzeug's default cost for unknown logins, so an unknown login takes as long as a wrong password.
    static let dummy: PasswordHash = {
        var why = ""
        return PasswordHash("scrypt:32768:8:1$portalgen-dummy-salt$" + String(repeating: "00", count: 64), why: &why)!
    }()
}

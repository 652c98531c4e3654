import Crypto
import Foundation

/// The signed-in state a browser carries: who signed in, for which client, bound to a digest of the account
/// as TimeTracker held it then (``LoginTable/Entry/binding``), when, and whether to keep it across browser
/// restarts. Signed with HMAC-SHA256; the daemon keeps nothing per session, so a restart signs no one out.
///
/// Keys come from one environment variable (`proxy.sessionKeyEnv`): one key, or several separated by commas
/// for rotation (the first signs, every one verifies). A key must have at least 32 characters.
struct SessionCookie: Sendable, Equatable {
    var login: String
    var clientID: Int64
    var binding: String
    /// Seconds since 1970 (UTC).
    var issued: Int64
    var lastSeen: Int64
    var persistent: Bool

    /// The keys, first one signing.
    struct Keys: Sendable {
        let keys: [SymmetricKey]

        /// nil with a reason when the variable is missing or a key is too short.
        static func parse(_ value: String?, variable: String) -> Result<Keys, SignInError> {
            guard let value, !value.isEmpty else {
                return .failure(
                    SignInError(
                        "proxy.mode \"timetracker\" needs a session key: set \(variable) to a random string of at least 32 characters (e.g. `openssl rand -hex 32`)"
                    ))
            }
            let parts = value.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            guard !parts.isEmpty, parts.allSatisfy({ $0.utf8.count >= 32 }) else {
                return .failure(SignInError("\(variable) must hold keys of at least 32 characters, separated by commas when rotating"))
            }
            return .success(Keys(keys: parts.map { SymmetricKey(data: Array($0.utf8)) }))
        }

        /// `fields` (none holding a newline) as `<payload>.<signature>`, both base64url, signed with the first key.
        func sign(_ fields: [String]) -> String {
            let payload = SessionCookie.base64url(Array(fields.joined(separator: "\n").utf8))
            let signature = HMAC<SHA256>.authenticationCode(for: Array(payload.utf8), using: keys[0])
            return payload + "." + SessionCookie.base64url(Array(signature))
        }

        /// The fields of a value one of the keys signed; nil for anything else.
        func open(_ value: String) -> [String]? {
            let parts = value.split(separator: ".", omittingEmptySubsequences: false)
            guard parts.count == 2, value.utf8.count < 2048, let signature = SessionCookie.bytes(base64url: parts[1]) else { return nil }
            let payload = Array(parts[0].utf8)
            guard keys.contains(where: { HMAC<SHA256>.isValidAuthenticationCode(signature, authenticating: payload, using: $0) }),
                let bytes = SessionCookie.bytes(base64url: parts[0])
            else { return nil }
            return String(decoding: bytes, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        }
    }

    /// `<payload>.<signature>`, both base64url.
    func encoded(with keys: Keys) -> String {
        keys.sign(["v1", login, String(clientID), binding, String(issued), String(lastSeen), persistent ? "1" : "0"])
    }

    /// The session in `value` when one of `keys` signed it; nil otherwise.
    static func decode(_ value: String, keys: Keys) -> SessionCookie? {
        guard let fields = keys.open(value), fields.count == 7, fields[0] == "v1", let client = Int64(fields[2]), let issued = Int64(fields[4]),
            let seen = Int64(fields[5])
        else { return nil }
        return SessionCookie(login: fields[1], clientID: client, binding: fields[3], issued: issued, lastSeen: seen, persistent: fields[6] == "1")
    }

    static func base64url(_ bytes: [UInt8]) -> String {
        Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(
            of: "=", with: "")
    }

    static func bytes(base64url text: Substring) -> [UInt8]? {
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.utf8.count % 4 != 0 { base64 += "=" }
        return Data(base64Encoded: base64).map { Array($0) }
    }
}

/// A sign-in setting or request that cannot work, as advice.
package struct SignInError: Error, CustomStringConvertible, Sendable {
    package let description: String
    init(_ description: String) { self.description = description }
}

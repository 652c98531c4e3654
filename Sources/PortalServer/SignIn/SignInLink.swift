import Foundation
import NIOConcurrencyHelpers
import PortalCore

/// A sign-in link an admin mails (`portalgen link`): opening it starts a session for one login, once, until it
/// expires. It is signed with the session key and bound to the login as TimeTracker holds it (the same
/// binding as a session), so a link dies with its login: a password changed or a login disabled.
package struct SignInLink: Sendable, Equatable {
    var login: String
    var clientID: Int64
    var binding: String
    /// Seconds since 1970 (UTC).
    var expires: Int64
    /// Random, so each link is used once (``UsedLinks``).
    var nonce: String

    func token(with keys: SessionCookie.Keys) -> String {
        keys.sign(["l1", login, String(clientID), binding, String(expires), nonce])
    }

    static func open(_ token: String, keys: SessionCookie.Keys) -> SignInLink? {
        guard let fields = keys.open(token), fields.count == 6, fields[0] == "l1", let client = Int64(fields[2]), let expires = Int64(fields[4]) else {
            return nil
        }
        return SignInLink(login: fields[1], clientID: client, binding: fields[3], expires: expires, nonce: fields[5])
    }

    static func nonce() -> String {
        SessionCookie.base64url((0..<16).map { _ in UInt8.random(in: 0...255) })
    }
}

/// The links already used, until they expire, kept in `output/.portalgen-used-links` so a restart does not
/// make them usable again.
final class UsedLinks: Sendable {
    let file: URL
    private let used = NIOLockedValueBox<[String: Int64]?>(nil)

    init(file: URL) { self.file = file }

    /// Marks `link` used; false when it already was.
    func use(_ link: SignInLink, now: Int64) -> Bool {
        used.withLockedValue { used in
            var current = used ?? Self.read(file)
            current = current.filter { $0.value > now }
            guard current[link.nonce] == nil else {
                used = current
                return false
            }
            current[link.nonce] = link.expires
            used = current
            let text = current.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: "\n") + "\n"
            try? text.write(to: file, atomically: true, encoding: .utf8)
            return true
        }
    }

    static func read(_ file: URL) -> [String: Int64] {
        guard let text = try? String(contentsOf: file, encoding: .utf8) else { return [:] }
        var result: [String: Int64] = [:]
        for line in text.split(separator: "\n") {
            let parts = line.split(separator: " ")
            if parts.count == 2, let expires = Int64(parts[1]) { result[String(parts[0])] = expires }
        }
        return result
    }
}

extension SignInLink {
    /// The URL of a new link for a client (its id or slug) and one of its logins (the client's own portal
    /// login unless `login` names another), valid for `hours`: what `portalgen link` prints.
    package static func url(
        configuration: PortalConfiguration, client selector: String, login: String?, hours: Int, environment: [String: String]
    ) throws
        -> String
    {
        guard configuration.proxy.mode == "timetracker" else {
            throw SignInError("sign-in links need \"proxy\": {\"mode\": \"timetracker\"} in config.json (now \"\(configuration.proxy.mode)\")")
        }
        guard (1...24 * 30).contains(hours) else { throw SignInError("--hours must be from 1 to 720") }
        let keys = try SessionCookie.Keys.parse(environment[configuration.proxy.sessionKeyEnv], variable: configuration.proxy.sessionKeyEnv).get()
        let (clients, accounts) = try Portal(configuration: configuration).clientsAndAccounts()
        guard let client = clients.selected(by: selector) else {
            throw SignInError("no client that gets a portal has the id or slug \(selector.quotedForLog); `portalgen clients` lists them")
        }
        let table = LoginTable()
        table.update(accounts: accounts, clients: clients)
        let candidates = accounts.filter { $0.clientID == client.id }
        let chosen =
            login.map { wanted in candidates.first { $0.login.lowercased() == wanted.lowercased() } }
            ?? candidates.sorted { $0.kind.rawValue < $1.kind.rawValue }.first
        guard let account = chosen, let entry = table.entry(account.login), entry.account.clientID == client.id else {
            let names = candidates.map(\.login).sorted().joined(separator: ", ")
            throw SignInError(
                login.map { "\(client.slug) has no portal login \($0.quotedForLog)\(names.isEmpty ? "" : "; its logins: \(names)")" }
                    ?? "\(client.slug) has no portal login: enable one in TimeTracker (the client's portal access, or a portal user)")
        }
        let link = SignInLink(
            login: entry.account.login, clientID: client.id, binding: entry.binding, expires: Int64(Date().timeIntervalSince1970) + Int64(hours) * 3600,
            nonce: nonce())
        let proxy = configuration.proxy
        let host = proxy.serverName.split(separator: " ").first.map(String.init).flatMap { $0 == "_" || $0.contains("*") ? nil : $0 }
        let port = proxy.listen.split(separator: ":").last.map(String.init) ?? proxy.listen
        let scheme = proxy.tls ? "https" : "http"
        let defaultPort = proxy.tls ? "443" : "80"
        let authority = (host ?? "127.0.0.1") + (port == defaultPort ? "" : ":\(port)")
        return "\(scheme)://\(authority)/sign-in/link?t=\(link.token(with: keys))"
    }
}

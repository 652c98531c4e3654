import Crypto
import Foundation
import NIOConcurrencyHelpers
import PortalCore

/// The daemon's copy of who may sign in (``PortalAccount``), kept current by ``LoginWatcher`` and read by every
/// request in memory: checking a session costs no database round trip and no key derivation.
///
/// A login names at most one client: one that names two (a client login and a portal user spelled alike,
/// ignoring case) gets neither, as in the nginx map. Portal users may also sign in with their e-mail address
/// when it names one login.
final class LoginTable: Sendable {
    struct Entry: Sendable, Hashable {
        let account: PortalAccount
        let slug: String
        /// A digest of what a session depends on: the login, the client, the kind and the password hash. A
        /// password changed or a user moved to another client changes it and ends every session bound to it.
        let binding: String
    }

    private let entries = NIOLockedValueBox<[String: Entry]>([:])
    private let byEmail = NIOLockedValueBox<[String: String]>([:])

    /// The entry for `login` (a login or a portal user's e-mail address, any case).
    func entry(_ login: String) -> Entry? {
        let key = login.lowercased()
        if let entry = entries.withLockedValue({ $0[key] }) { return entry }
        guard let mapped = byEmail.withLockedValue({ $0[key] }) else { return nil }
        return entries.withLockedValue { $0[mapped] }
    }

    var count: Int { entries.withLockedValue { $0.count } }

    /// Replaces the table with `accounts` whose client is one of `clients`. Returns whether anything changed.
    @discardableResult
    func update(accounts: [PortalAccount], clients: [PortalClient]) -> Bool {
        let slugs = Dictionary(clients.map { ($0.id, $0.slug) }, uniquingKeysWith: { a, _ in a })
        let table = PortalAccount.byLogin(accounts, slugs: slugs).logins.mapValues {
            Entry(account: $0.account, slug: $0.slug, binding: Self.binding($0.account))
        }
        var emails: [String: String] = [:]
        var ambiguousEmails = Set<String>()
        for (key, entry) in table {
            guard let email = entry.account.email?.lowercased(), email.contains("@"), table[email] == nil else { continue }
            if emails[email] != nil { ambiguousEmails.insert(email) }
            emails[email] = key
        }
        for email in ambiguousEmails { emails[email] = nil }
        let changed = entries.withLockedValue { current in
            defer { current = table }
            return current != table
        }
        byEmail.withLockedValue { $0 = emails }
        return changed
    }

    static func binding(_ account: PortalAccount) -> String {
        let text = [account.kind.rawValue, account.login.lowercased(), String(account.clientID), account.passwordHash ?? ""].joined(separator: "\n")
        return SHA256.hash(data: Array(text.utf8)).prefix(12).hex
    }
}

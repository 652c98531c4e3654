import Foundation
import NIOConcurrencyHelpers

/// Slows down password guessing: after ``freeFailures`` failed sign-ins for one login, or
/// ``freeFailuresPerAddress`` from one address (one guess at many logins), each further attempt must wait
/// twice as long as the last (1 s, 2 s, 4 s … up to ``maxDelay``); the answer meanwhile is 429 with
/// `Retry-After`, and no password is checked. A success clears the login's count. Other logins are
/// unaffected by one login's count, so guessing at one login never locks the rest of an office out.
final class SignInThrottle: Sendable {
    static let freeFailures = 5
    static let freeFailuresPerAddress = 100
    static let maxDelay: TimeInterval = 15 * 60
    /// Counts idle this long are forgotten.
    static let forgetAfter: TimeInterval = 60 * 60
    /// At most this many counts are kept; the oldest go first (an attacker rotating addresses cannot grow memory).
    static let maxTracked = 100_000

    private struct Record {
        var failures: Int
        var last: TimeInterval
        var blockedUntil: TimeInterval
    }

    private let records = NIOLockedValueBox<[String: Record]>([:])

    /// Seconds to wait before `login` may be tried from `address`, or nil when it may be tried now.
    func retryAfter(login: String, address: String, now: TimeInterval = Date().timeIntervalSince1970) -> Int? {
        records.withLockedValue { records in
            let waits = [Self.key(login: login), Self.key(address: address)].compactMap { records[$0] }.map { $0.blockedUntil - now }.filter { $0 > 0 }
            return waits.max().map { Int($0.rounded(.up)) }
        }
    }

    func failed(login: String, address: String, now: TimeInterval = Date().timeIntervalSince1970) {
        records.withLockedValue { records in
            for (key, free) in [(Self.key(login: login), Self.freeFailures), (Self.key(address: address), Self.freeFailuresPerAddress)] {
                var record = records[key] ?? Record(failures: 0, last: now, blockedUntil: 0)
                if now - record.last > Self.forgetAfter { record.failures = 0 }
                record.failures += 1
                record.last = now
                if record.failures >= free {
                    record.blockedUntil = now + min(Self.maxDelay, pow(2, Double(record.failures - free)))
                }
                records[key] = record
            }
            if records.count > Self.maxTracked {
                for (key, _) in records.sorted(by: { $0.value.last < $1.value.last }).prefix(records.count - Self.maxTracked * 9 / 10) {
                    records[key] = nil
                }
            }
        }
    }

    func succeeded(login: String) {
        _ = records.withLockedValue { $0.removeValue(forKey: Self.key(login: login)) }
    }

    static func key(login: String) -> String { "l:" + login.lowercased() }
    static func key(address: String) -> String { "a:" + address }
}

import Synchronization

/// The input digests, once read (see ``PortalBuilder/inputDigests``).
final class InputDigests: Sendable {
    private let values = Mutex<[Int64: String]?>(nil)
    var value: [Int64: String]? { values.withLock { $0 } }
    func set(_ digests: [Int64: String]) { values.withLock { $0 = digests } }
}

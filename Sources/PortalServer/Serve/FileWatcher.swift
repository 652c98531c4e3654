import Foundation
import Synchronization

/// Calls `onWrite` (the poll loop knocks on its ``Doorbell``) as soon as a SQLite database's files are written
/// (inotify on their folder), on a thread of its own: the database file itself (rollback-journal mode writes pages in place), its `-wal` log, and its
/// `-journal` when deleted (a rollback-journal commit). The loop then checks `data_version` at once instead
/// of at its next interval. Only a wake-up: what changed is still read from the database, and the poll
/// interval stays as the fallback (a network file system sends no events).
final class FileWatcher: Sendable {
    /// Set once to end the watching thread.
    private let stopped = Atomic<Bool>(false)

    /// Watches the folder of `database`; nil when inotify refuses (no descriptor left, no such folder).
    init?(database: URL, onWrite: @escaping @Sendable () -> Void) {
        let descriptor = inotify_init1(Int32(IN_CLOEXEC))
        guard descriptor >= 0 else { return nil }
        let mask = UInt32(IN_MODIFY) | UInt32(IN_DELETE) | UInt32(IN_MOVED_TO)
        guard inotify_add_watch(descriptor, database.deletingLastPathComponent().path, mask) >= 0 else {
            close(descriptor)
            return nil
        }
        let name = database.lastPathComponent
        let names: Set<String> = [name, name + "-wal", name + "-journal"]
        let thread = Thread { [weak self] in
            var buffer = [UInt8](repeating: 0, count: 16_384)
            var events = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
            // Until stopped, or until the watcher is gone.
            while self?.stopped.load(ordering: .relaxed) == false {
                guard poll(&events, 1, 500) > 0 else { continue }
                let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
                guard count > 0 else { continue }
                if Self.names(in: buffer[..<count]).contains(where: names.contains) { onWrite() }
            }
            close(descriptor)
        }
        thread.name = "portalgen.file-watcher"
        thread.start()
    }

    /// The file names of the inotify events in `bytes` (each: watch, mask, cookie, name length, name padded
    /// with NULs).
    static func names(in bytes: ArraySlice<UInt8>) -> [String] {
        var names: [String] = []
        var offset = bytes.startIndex
        while offset + 16 <= bytes.endIndex {
            let length = bytes[(offset + 12)..<(offset + 16)].withUnsafeBytes { Int($0.loadUnaligned(as: UInt32.self)) }
            let name = bytes[(offset + 16)..<min(bytes.endIndex, offset + 16 + length)].prefix { $0 != 0 }
            names.append(String(decoding: name, as: UTF8.self))
            offset += 16 + length
        }
        return names
    }

    /// Ends the watch (within half a second).
    func stop() { stopped.store(true, ordering: .relaxed) }

    deinit { stop() }
}

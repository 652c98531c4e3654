import Foundation
import PortalCore

/// nginx's views log (`proxy.viewsLog`) as the daemon follows it: each look reads only what nginx appended
/// since the last, whole lines only; a rotated file (new inode) or one truncated in place (logrotate's
/// `copytruncate`) is read again from its start, and what was counted before is kept.
actor ViewTail {
    private let url: URL?
    private var log = ViewLog()
    private var offset: UInt64 = 0
    private var inode: UInt64?

    /// `path`: the log file; "" follows nothing.
    init(path: String) { url = path.isEmpty ? nil : URL(fileURLWithPath: path) }

    /// The views so far. A log that is missing or unreadable leaves them as they were.
    func current() -> ViewLog {
        guard let url, let attributes = try? FileManager.default.attributesOfItem(atPath: url.path) else { return log }
        let size = (attributes[.size] as? NSNumber)?.uint64Value ?? 0
        let node = (attributes[.systemFileNumber] as? NSNumber)?.uint64Value
        if node != inode || size < offset {
            inode = node
            offset = 0
        }
        guard size > offset, let handle = try? FileHandle(forReadingFrom: url) else { return log }
        defer { try? handle.close() }
        do {
            try handle.seek(toOffset: offset)
            // In pieces, so a large log never sits in memory whole.
            var pending = Data()
            while offset + UInt64(pending.count) < size, let chunk = try handle.read(upToCount: 8 << 20), !chunk.isEmpty {
                pending += chunk
                guard let newline = pending.lastIndex(of: UInt8(ascii: "\n")) else { continue }
                let lines = pending[pending.startIndex...newline]
                log.add(String(decoding: lines, as: UTF8.self))
                offset += UInt64(lines.count)
                pending = Data(pending[pending.index(after: newline)...])
            }
        } catch {
            return log
        }
        return log
    }
}

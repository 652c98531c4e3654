import Foundation
import Synchronization

/// The rows on the pages of a SQLite file written since the last look, so that the quick look for edits
/// (``EditedRows``) reads those rows by rowid instead of every row's `updated_at`.
///
/// SQLite writes a commit as whole pages (<https://www.sqlite.org/fileformat2.html>): in WAL mode as frames
/// appended to the `-wal` log, each naming its page; in rollback-journal mode (TimeTracker's default) in
/// place. A look reads the log's frames after the last commit frame it read, or hashes every page of the
/// file and compares with the last look's hashes (at memory speed: a quarter of reading every row's
/// `updated_at`). The rowids come from the changed table b-tree leaf pages: each cell starts with its
/// payload size and its rowid, two varints. Interior and index pages carry no row of their own (a row's
/// change always rewrites its leaf).
///
/// It answers nil, "cannot tell", on a first look, when a changed page is of another kind (an overflow page
/// of a long row, a freelist page), when the log is not the one the last look read (it restarted, or the
/// last connection to close deleted it and the next made it anew), or when the file shrank or changed mode;
/// the look then reads every row, as it did before this existed. What it cannot see at all (an edit whose
/// stamp is not newer, a row whose bytes hash alike) the aggregates still find once the database is quiet.
/// It reads through SQLite's own file handle (``SQLiteFile``) and the `-wal` file, and writes nothing.
enum SQLiteChangedPages {
    /// What one look found: the mark for the next (nil: the next is a first look), and the rowids (nil:
    /// cannot tell).
    struct Look {
        var mark: PageMark?
        var rowids: Set<Int64>?
    }

    /// The log's frames committed after `previous` (nil: this is the first look), read from where the last
    /// look stopped. Read before the snapshot starts, so that the snapshot holds every commit read here.
    static func logFrames(of database: String, after previous: PageMark?) -> Look {
        let handle = FileHandle(forReadingAtPath: database + "-wal")
        defer { try? handle?.close() }
        let head = [UInt8]((try? handle?.read(upToCount: 32)) ?? Data())
        let header = head.withUnsafeBytes { head -> (pageSize: Int, salts: UInt64)? in
            guard head.count == 32, [0x377F_0682, 0x377F_0683].contains(be32(head, 0)) else { return nil }
            return (Int(be32(head, 8)), be64(head, 16))
        }
        guard let handle, let header, header.pageSize >= 512 else { return Look(mark: PageMark(log: (0, 0)), rowids: nil) }
        // Only the same log as last time: one that restarted, or was deleted and made anew (when the last
        // connection to the database closes), may have held commits nobody read.
        let same = previous?.log.map { $0.salts == header.salts && $0.end >= 32 } ?? false
        let start = same ? previous!.log!.end : 32
        guard (try? handle.seek(toOffset: UInt64(start))) != nil else { return Look(mark: nil, rowids: nil) }
        let frames = [UInt8]((try? handle.readToEnd()) ?? Data())
        return frames.withUnsafeBytes { frames -> Look in
            let size = 24 + header.pageSize
            var offset = 0, end = 0, rowids = Set<Int64>(), pending = Set<Int64>(), known = true, pendingKnown = true
            // Frames of this log (its salts), up to the last whole transaction: a commit frame, one that
            // gives the database's size, ends one.
            while offset + size <= frames.count, be64(frames, offset + 8) == header.salts {
                let page = UnsafeRawBufferPointer(rebasing: frames[(offset + 24)..<(offset + size)])
                pendingKnown = readRowids(page, header: be32(frames, offset) == 1 ? 100 : 0, into: &pending) && pendingKnown
                let commits = be32(frames, offset + 4) != 0
                offset += size
                if commits {
                    rowids.formUnion(pending)
                    known = known && pendingKnown
                    pending = []
                    pendingKnown = true
                    end = offset
                }
            }
            return Look(mark: PageMark(log: (header.salts, start + end)), rowids: same && known ? rowids : nil)
        }
    }

    /// Hashes every page of the (rollback-journal mode) database `file` and compares with `previous`. Called
    /// inside a read transaction that has read the database: its shared lock keeps writers from committing
    /// while the file is read. Spread over the cores, a megabyte at a time.
    static func filePages(of file: SQLiteFile, pageSize: Int, after previous: PageMark?) -> Look {
        guard pageSize >= 512, let size = file.size() else { return Look(mark: nil, rowids: nil) }
        let count = size / pageSize
        let before = previous?.hashes ?? []
        let perRead = max(1, (1 << 20) / pageSize)
        let parts = min(max(1, count / perRead), 4 * ProcessInfo.processInfo.activeProcessorCount)
        let parted = Mutex([Int: (hashes: [UInt64], rowids: Set<Int64>, known: Bool)]())
        DispatchQueue.concurrentPerform(iterations: parts) { part in
            let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: perRead * pageSize, alignment: 16)
            defer { buffer.deallocate() }
            var page = count * part / parts
            let last = count * (part + 1) / parts
            var hashes: [UInt64] = [], rowids = Set<Int64>(), known = true
            hashes.reserveCapacity(last - page)
            while page < last {
                let pages = min(perRead, last - page)
                // A short read (the file shrank meanwhile) leaves this part's hashes short: no mark.
                guard file.read(UnsafeMutableRawBufferPointer(rebasing: buffer[..<(pages * pageSize)]), at: page * pageSize) else { break }
                for index in 0..<pages {
                    let bytes = UnsafeRawBufferPointer(rebasing: buffer[(index * pageSize)..<((index + 1) * pageSize)])
                    let number = page + index
                    let hash = Self.hash(number == 0 ? UnsafeRawBufferPointer(rebasing: bytes[100...]) : bytes)
                    hashes.append(hash)
                    if number >= before.count || before[number] != hash {
                        known = readRowids(bytes, header: number == 0 ? 100 : 0, into: &rowids) && known
                    }
                }
                page += pages
            }
            parted.withLock { $0[part] = (hashes, rowids, known) }
        }
        let found = parted.withLock { $0 }
        var hashes: [UInt64] = []
        hashes.reserveCapacity(count)
        var rowids = Set<Int64>()
        for part in 0..<parts {
            hashes += found[part]?.hashes ?? []
            rowids.formUnion(found[part]?.rowids ?? [])
        }
        guard hashes.count == count else { return Look(mark: nil, rowids: nil) }
        let known = previous != nil && previous!.log == nil && count >= before.count && found.values.allSatisfy(\.known)
        return Look(mark: PageMark(hashes: hashes), rowids: known ? rowids : nil)
    }

    /// Adds the rowids of a table leaf page to `rowids`; true for any b-tree page, false for a page of
    /// another kind (overflow, freelist) or one that does not parse.
    static func readRowids(_ page: UnsafeRawBufferPointer, header: Int, into rowids: inout Set<Int64>) -> Bool {
        guard page.count > header + 8 else { return false }
        switch page[header] {
        case 0x02, 0x05, 0x0A: return true
        case 0x0D:
            let cells = Int(be16(page, header + 3))
            guard header + 8 + 2 * cells <= page.count else { return false }
            for cell in 0..<cells {
                var offset = Int(be16(page, header + 8 + 2 * cell))
                guard varint(page, &offset) != nil, let rowid = varint(page, &offset) else { return false }
                rowids.insert(rowid)
            }
            return true
        default: return false
        }
    }

    /// SQLite's varint at `offset` (one to nine bytes, big-endian, seven bits a byte but all eight in the
    /// ninth), advancing `offset`; nil past the end.
    static func varint(_ bytes: UnsafeRawBufferPointer, _ offset: inout Int) -> Int64? {
        var value: UInt64 = 0
        for index in 0..<9 {
            guard offset < bytes.count else { return nil }
            let byte = UInt64(bytes[offset])
            offset += 1
            if index == 8 { return Int64(bitPattern: value << 8 | byte) }
            value = value << 7 | (byte & 0x7F)
            if byte < 0x80 { return Int64(bitPattern: value) }
        }
        return nil
    }

    /// A page's hash: four lanes of xor-then-multiply by odd constants (each step a bijection, so a page that
    /// differs from the last look's in one word always hashes differently), mixed at the end.
    static func hash(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        var lanes: (UInt64, UInt64, UInt64, UInt64) = (0x9E37_79B9_7F4A_7C15, 0xC2B2_AE3D_27D4_EB4F, 0x1656_67B1_9E37_79F9, 0x27D4_EB2F_1656_67C5)
        var offset = 0
        while offset + 32 <= bytes.count {
            lanes.0 = (lanes.0 ^ bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self)) &* 0x9E37_79B9_7F4A_7C15
            lanes.1 = (lanes.1 ^ bytes.loadUnaligned(fromByteOffset: offset + 8, as: UInt64.self)) &* 0xC2B2_AE3D_27D4_EB4F
            lanes.2 = (lanes.2 ^ bytes.loadUnaligned(fromByteOffset: offset + 16, as: UInt64.self)) &* 0x1656_67B1_9E37_79F9
            lanes.3 = (lanes.3 ^ bytes.loadUnaligned(fromByteOffset: offset + 24, as: UInt64.self)) &* 0x27D4_EB2F_1656_67C5
            offset += 32
        }
        while offset < bytes.count {
            lanes.0 = (lanes.0 ^ UInt64(bytes[offset])) &* 0x9E37_79B9_7F4A_7C15
            offset += 1
        }
        return lanes.0 ^ (lanes.1 << 17 | lanes.1 >> 47) ^ (lanes.2 << 31 | lanes.2 >> 33) ^ (lanes.3 << 47 | lanes.3 >> 17)
    }

    static func be16(_ bytes: UnsafeRawBufferPointer, _ offset: Int) -> UInt16 { UInt16(bytes[offset]) << 8 | UInt16(bytes[offset + 1]) }
    static func be32(_ bytes: UnsafeRawBufferPointer, _ offset: Int) -> UInt32 {
        UInt32(be16(bytes, offset)) << 16 | UInt32(be16(bytes, offset + 2))
    }
    static func be64(_ bytes: UnsafeRawBufferPointer, _ offset: Int) -> UInt64 {
        UInt64(be32(bytes, offset)) << 32 | UInt64(be32(bytes, offset + 4))
    }
}

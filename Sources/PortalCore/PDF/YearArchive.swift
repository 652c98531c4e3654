import Crypto
import Foundation
import ZIPFoundation

/// `archive/<year>.zip`: everything of one year that a client hands to its accountant, in one download: the
/// year's invoices and credit notes as PDF (Factur-X where they can be) and as UBL, the statement of the year as
/// PDF and the statement as CSV, the year's payments as CSV, the documents uploaded for the client that year,
/// and `index.txt` listing each entry with its size and SHA-256.
///
/// Entries are named after their documents (`invoices/RP-20261108-1101.pdf`), sorted, dated the year's last
/// day and written the same way each time: an unchanged year gives the same bytes, so it is never rewritten.
enum YearArchive {
    /// The archive of `year`, from the site's files as they will be published; nil when the year has none of
    /// the documents it would hold.
    static func make(_ year: ArchiveYear, from files: [SiteFile], title: String) throws -> SiteFile? {
        let byPath = Dictionary(files.map { ($0.path, $0.bytes) }, uniquingKeysWith: { $1 })
        var entries: [(name: String, bytes: [UInt8])] = []
        for (path, name) in year.entries {
            if let bytes = byPath[path] { entries.append((name, bytes)) }
        }
        entries += year.made
        guard !entries.isEmpty else { return nil }
        entries.sort { $0.name < $1.name }
        var index = "\(title)\n\n"
        for entry in entries {
            index += "\(entry.name)\t\(entry.bytes.count) bytes\tSHA-256 \(SHA256.hash(data: entry.bytes).hex)\n"
        }
        entries.insert(("index.txt", Array(index.utf8)), at: 0)
        let archive = try Archive(accessMode: .create)
        // The year's last day at noon, UTC (ZIP's DOS time is read in UTC here): the same for every build.
        let stamp = Date(timeIntervalSince1970: TimeInterval(CalendarDate(year: year.year, month: 12, day: 31).dayNumber) * 86400 + 43200)
        for entry in entries {
            let data = Data(entry.bytes)
            // PDFs are compressed already; text and XML shrink.
            let method: CompressionMethod = entry.name.hasSuffix(".pdf") ? .none : .deflate
            try archive.addEntry(
                with: entry.name, type: .file, uncompressedSize: Int64(data.count), modificationDate: stamp, permissions: 0o644,
                compressionMethod: method
            ) { position, size in data.subdata(in: Int(position)..<Int(position) + size) }
        }
        guard let bytes = archive.data else { return nil }
        return SiteFile(path: "archive/\(year.year).zip", bytes: Array(bytes))
    }
}

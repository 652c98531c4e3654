import Foundation

// glibc's `struct stat` reaches Swift through CoreFoundation's module on Linux, so its members need that import.
#if canImport(CoreFoundation)
import CoreFoundation
#endif

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// TimeTracker's static folder (`uploads` in config.json), read the one way that cannot be raced: every file is
/// opened once, component by component from a descriptor of the folder, never following a link
/// (`O_NOFOLLOW` at each step), and what was opened is checked on that descriptor (`fstat`: a regular file, one
/// link, within the size cap) before at most the cap is read from it. A link swapped in between a check and the
/// read, a folder on the path replaced by a link, a hard link to a file elsewhere, a FIFO or a device: all
/// are refused, so nothing outside the folder (`~/.pgpass`, config.json, other clients' sites) can be copied
/// into a client's site. Links inside the folder are refused too: TimeTracker writes none.
struct UploadFolder {
    let root: String
    let maxBytes: Int

    /// Why a file was not read, as the admin's advice.
    struct Problem: Error, Equatable { let message: String }

    /// The bytes of the file at `parts` (path components, none empty, `.` or `..`) below the folder.
    func read(_ parts: [String]) -> Result<[UInt8], Problem> {
        let shown = root + "/" + parts.joined(separator: "/")
        var directory = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard directory >= 0 else { return .failure(Problem(message: "the upload folder \(root) cannot be opened; check \"uploads\" and its permissions")) }
        for part in parts.dropLast() {
            let next = openat(directory, part, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
            close(directory)
            guard next >= 0 else { return .failure(refusal(errno, shown)) }
            directory = next
        }
        // O_NONBLOCK: opening a FIFO must not wait for a writer; fstat refuses it right after.
        let file = openat(directory, parts.last ?? "", O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC | O_NOCTTY)
        let openError = errno
        close(directory)
        guard file >= 0 else { return .failure(refusal(openError, shown)) }
        defer { close(file) }
        var status = stat()
        guard fstat(file, &status) == 0, status.st_mode & S_IFMT == S_IFREG else {
            return .failure(Problem(message: "\(shown) is not a regular file; it is listed as not available"))
        }
        guard status.st_nlink == 1 else {
            return .failure(
                Problem(
                    message: "\(shown) has \(status.st_nlink) hard links, so it may be a file from outside the upload folder; it is listed as not available"))
        }
        guard Int(status.st_size) <= maxBytes else {
            return .failure(Problem(message: "\(status.st_size) bytes, over documentMaxMegabytes (\(maxBytes / 1_048_576)); it is listed as not available"))
        }
        var bytes = [UInt8](repeating: 0, count: Int(status.st_size) + 1)
        var count = 0
        while count < bytes.count {
            let got = bytes.withUnsafeMutableBytes { Glibc.read(file, $0.baseAddress! + count, $0.count - count) }
            if got < 0, errno == EINTR { continue }
            guard got >= 0 else { return .failure(Problem(message: "\(shown) cannot be read; check its permissions")) }
            if got == 0 { break }
            count += got
        }
        // A file that grew past its size since fstat is read only up to the cap.
        guard count <= maxBytes else {
            return .failure(Problem(message: "\(shown) grew over documentMaxMegabytes (\(maxBytes / 1_048_576)) while read; it is listed as not available"))
        }
        return .success(Array(bytes[..<count]))
    }

    /// Whether a file exists at `parts` (a lookup that follows nothing either), for choosing among candidates.
    func exists(_ parts: [String]) -> Bool {
        var status = stat()
        let path = root + "/" + parts.joined(separator: "/")
        return lstat(path, &status) == 0
    }

    private func refusal(_ code: Int32, _ shown: String) -> Problem {
        switch code {
        case ELOOP, ENOTDIR: Problem(message: "\(shown) is or passes through a symbolic link, which is never followed; it is listed as not available")
        case ENOENT: Problem(message: "no file at \(shown); it is listed as not available")
        case EACCES, EPERM: Problem(message: "\(shown) cannot be read; check its permissions")
        default: Problem(message: "\(shown) cannot be opened (\(String(cString: strerror(code)))); it is listed as not available")
        }
    }
}

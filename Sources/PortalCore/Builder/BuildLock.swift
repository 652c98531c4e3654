import Foundation

/// An exclusive lock per client in `output/.locks/`, so a CLI build and the daemon never publish the same
/// client at once. `flock(2)` locks vanish with the process, so a killed build never leaves a stale lock.
package final class BuildLock {
    private let fd: Int32

    /// Waits until the lock for `slug` is free, then holds it until ``release()`` or deinit.
    package init(output: URL, slug: String) throws {
        let folder = OutputFolder(output).locks
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let path = folder.appendingPathComponent("\(slug).lock").path
        fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            throw PublishError(slug: slug, path: path, message: "cannot create the build lock: \(String(cString: strerror(errno)))")
        }
        while flock(fd, LOCK_EX) != 0 {
            guard errno == EINTR else {
                close(fd)
                throw PublishError(slug: slug, path: path, message: "cannot take the build lock: \(String(cString: strerror(errno)))")
            }
        }
    }

    package func release() { flock(fd, LOCK_UN) }

    deinit {
        flock(fd, LOCK_UN)
        close(fd)
    }
}

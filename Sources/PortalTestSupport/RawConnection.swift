import Foundation

/// A plain TCP connection to a loopback port, for tests that must hold many sockets or send half a
/// request (what an HTTP client library never does).
package final class RawConnection: @unchecked Sendable {
    package let fd: Int32

    /// Connects to 127.0.0.1:`port`; nil when the connection is refused or times out (`seconds`).
    /// `source` binds the local end to another loopback address first (`127.0.0.2`): a test holding
    /// thousands of connections then takes no port that other tests' servers may be about to bind on
    /// 127.0.0.1. The socket is close-on-exec: the servers other tests start meanwhile must not inherit
    /// it (PostgreSQL refused to start, with 23 descriptors left, while the flood test held 2,000).
    package init?(port: Int, seconds: Int = 5, source: String? = nil) {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { return nil }
        if let source {
            var local = sockaddr_in()
            local.sin_family = sa_family_t(AF_INET)
            local.sin_addr.s_addr = inet_addr(source)
            let bound = withUnsafePointer(to: &local) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
            guard bound == 0 else {
                close(fd)
                return nil
            }
        }
        var timeout = timeval(tv_sec: seconds, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = UInt16(port).bigEndian
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else {
            close(fd)
            return nil
        }
    }

    deinit { close(fd) }

    /// Sends `text` as it is (no line endings added); false when the peer is gone.
    @discardableResult
    package func send(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        return bytes.withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) } == bytes.count
    }

    /// Reads until `marker` appears, the peer closes, or the receive timeout passes; returns what came.
    package func read(until marker: String? = nil) -> (text: String, closed: Bool) {
        var text = ""
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = recv(fd, &buffer, buffer.count, 0)
            if count == 0 { return (text, true) }
            if count < 0 { return (text, errno == ECONNRESET) }
            text += String(decoding: buffer[0..<count], as: UTF8.self)
            if let marker, text.contains(marker) { return (text, false) }
        }
    }

    /// Sets the receive timeout for later reads.
    package func setReadTimeout(milliseconds: Int) {
        var timeout = timeval(tv_sec: milliseconds / 1000, tv_usec: Int((milliseconds % 1000) * 1000))
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    }

    /// Raises this process's soft open-file limit to at least `count` (the hard limit permitting).
    package static func allowOpenFiles(_ count: Int) {
        var limit = rlimit()
        getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
        guard limit.rlim_cur < rlim_t(count) else { return }
        limit.rlim_cur = min(limit.rlim_max, rlim_t(count))
        setrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
    }
}

import Foundation
import Synchronization

/// Ports for the servers the tests start, on loopback only.
package enum LoopbackPort {
    /// Ports handed out by this process, never handed out again.
    private static let given = Mutex(Set<Int>())

    /// A TCP port on 127.0.0.1 that is free now and that nothing else on the machine is likely to take before
    /// the server that asked for it binds it.
    ///
    /// It lies below the kernel's ephemeral range, so no outgoing connection (a browser's, a database
    /// client's, curl's) and no server bound to port 0 is given it in the meantime: under the suite's load a
    /// port read back from port 0 was sometimes another socket's by the time nginx bound it, and every request
    /// of that test went nowhere. It is also never handed out twice in one process.
    package static func free() -> Int {
        let ephemeral = ephemeralRange.lowerBound
        let candidates = max(1024, ephemeral - 12_000)..<ephemeral
        for _ in 0..<1000 {
            let port = Int.random(in: candidates)
            guard given.withLock({ $0.insert(port).inserted }) else { continue }
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
            defer { close(fd) }
            if bind(fd, port: port) { return port }
        }
        let (fd, port) = bound()
        close(fd)
        return port
    }

    /// A TCP socket bound to a free port on 127.0.0.1, not yet listening; the caller closes it.
    package static func bound() -> (fd: Int32, port: Int) {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        _ = bind(fd, port: 0)
        var address = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) } }
        return (fd, Int(UInt16(bigEndian: address.sin_port)))
    }

    /// Binds `fd` to 127.0.0.1:`port`; false when the port is taken.
    private static func bind(_ fd: Int32, port: Int) -> Bool {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = UInt16(port).bigEndian
        let length = socklen_t(MemoryLayout<sockaddr_in>.size)
        return withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.bind(fd, $0, length) } } == 0
    }

    /// The kernel's range for ports it picks itself (`net.ipv4.ip_local_port_range`), 32768-60999 by default.
    private static let ephemeralRange: ClosedRange<Int> = {
        let text = (try? String(contentsOfFile: "/proc/sys/net/ipv4/ip_local_port_range", encoding: .utf8)) ?? ""
        let bounds = text.split(whereSeparator: \.isWhitespace).compactMap { Int($0) }
        guard bounds.count == 2, bounds[0] > 2048, bounds[0] <= bounds[1] else { return 32768...60999 }
        return bounds[0]...bounds[1]
    }()
}

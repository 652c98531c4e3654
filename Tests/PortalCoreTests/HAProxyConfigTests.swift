import Foundation
import Testing

@testable import PortalCore

/// `proxy-config --haproxy`: every replica is a checked server, bad addresses are refused with advice, and
/// streams outlive three heartbeats (haproxy itself checks the text in `ReplicaTests`).
@Suite struct HAProxyConfigTests {
    @Test func replicasAreCheckedServers() {
        let front = HAProxyConfig(replicas: ["10.0.0.11:80", "10.0.0.12:80"], bind: "*:443", certificate: "/etc/haproxy/portal.pem", heartbeatSeconds: 20)
        #expect(front.problem == nil)
        let lines = front.text.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        #expect(lines.contains("server replica1 10.0.0.11:80 check") && lines.contains("server replica2 10.0.0.12:80 check"))
        #expect(lines.contains("option httpchk GET /healthz") && lines.contains("timeout server 60s") && lines.contains("timeout check 3s"))
        #expect(lines.contains("bind *:443 ssl crt /etc/haproxy/portal.pem alpn h2,http/1.1"))
    }

    @Test func badAddressesAreRefusedWithAdvice() {
        #expect(HAProxyConfig(replicas: [], bind: "*:80", certificate: nil, heartbeatSeconds: 15).problem?.contains("--replica HOST:PORT") == true)
        for bad in ["10.0.0.11", ":80", "10.0.0.11:0", "a b:80", "host:80\n#"] {
            #expect(HAProxyConfig(replicas: [bad], bind: "*:80", certificate: nil, heartbeatSeconds: 15).problem != nil, "\(bad)")
        }
        #expect(HAProxyConfig(replicas: ["h:80"], bind: "80 # x", certificate: nil, heartbeatSeconds: 15).problem != nil)
        #expect(HAProxyConfig(replicas: ["h:80"], bind: "*:443", certificate: "a.pem\nbackend x", heartbeatSeconds: 15).problem != nil)
    }
}

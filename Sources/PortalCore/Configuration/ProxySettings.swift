import Foundation

/// Settings of the nginx configuration that `portalgen proxy-config` writes (`proxy` in `config.json`).
package struct ProxySettings: Decodable, Sendable, Hashable {
    /// How users sign in: `timetracker` (a sign-in page of the daemon's, checking the TimeTracker portal login
    /// and password clients already have), `basic` (nginx `auth_basic` with an htpasswd file) or
    /// `auth_request` (an SSO such as oauth2-proxy). The default is `basic`; `init` proposes `timetracker`.
    package var mode: String = "basic"
    /// Where nginx listens: a port (`8080`, every interface) or `address:port` (`127.0.0.1:8080`,
    /// `[::1]:8443`). The default is `127.0.0.1:8080`, behind a TLS terminator.
    package var listen: String = "127.0.0.1:8080"
    /// Lets `timetracker` and `basic` modes listen beyond loopback without TLS (passwords would cross the
    /// network in clear); `check` and `proxy-config` refuse that otherwise. The default is false.
    var allowPlainHTTP: Bool = false
    /// The TLS certificate (PEM, full chain) nginx presents; with `certificateKey` it turns on HTTPS and
    /// HTTP/2 on `listen`. Basic auth sends passwords with every request: use TLS on any real network.
    package var certificate: String?
    /// The private key of `certificate`.
    var certificateKey: String?
    /// nginx's `server_name`. The default is `_`.
    package var serverName: String = "_"
    /// The htpasswd file for `basic` mode. The default is `/etc/nginx/portalgen.htpasswd`.
    var htpasswd: String = "/etc/nginx/portalgen.htpasswd"
    /// The SSO's auth endpoint for `auth_request` mode. The default is oauth2-proxy's `http://127.0.0.1:4180/oauth2/auth`.
    var authURL: String = "http://127.0.0.1:4180/oauth2/auth"
    /// Where to send users who are not signed in, in `auth_request` mode. The default is `/oauth2/sign_in`.
    var signInURL: String = "/oauth2/sign_in"
    /// The response header of the auth endpoint carrying the verified login. The default is oauth2-proxy's
    /// `X-Auth-Request-User`.
    var userHeader: String = "X-Auth-Request-User"
    /// Where `portalgen proxy-config` writes the server block. The default is `portalgen-nginx.conf` beside the config file.
    package var file: String = "portalgen-nginx.conf"
    /// Open `/live` streams one login may hold (one per open portal tab); the excess gets 503, so one
    /// signed-in client cannot use up nginx's connections. The default is 20.
    var liveConnectionsPerLogin: Int = 20
    /// A shell command that makes the proxy read a changed login map (e.g. `nginx -s reload` or
    /// `systemctl reload nginx`), run by `build` and `serve` after every change of the map; a failure is
    /// logged. The default is none: reload nginx yourself after each full build.
    package var reloadCommand: String?
    /// `timetracker` mode: where nginx keeps the daemon's answers about a session for one second (so a page's
    /// stylesheet, scripts and icons are not each checked anew); a folder nginx may create. The default is
    /// `/var/lib/nginx/portalgen-auth` (Debian's nginx state folder).
    var authCache: String = "/var/lib/nginx/portalgen-auth"
    /// `timetracker` mode: the environment variable holding the key(s) that sign session cookies (at least 32
    /// characters; two separated by a comma while rotating). The default is `PORTALGEN_SESSION_KEY`.
    package var sessionKeyEnv: String = "PORTALGEN_SESSION_KEY"
    /// `timetracker` mode: a session unused this long ends. The default is 12 hours.
    package var sessionIdleHours: Int = 12
    /// `timetracker` mode: how long "Keep me signed in" keeps a session at most; without it, a session lasts at
    /// most ``sessionIdleHours`` and ends with the browser. The default is 30 days.
    package var sessionDays: Int = 30
    /// The access log of client views that `portalgen views` and `/admin/status` read: one JSON line per
    /// request with the time, the signed-in login, the client's folder, the path and the status. The default is
    /// `/var/log/nginx/portalgen-views.log`; `""` logs no views (nginx's own access log is unchanged either way).
    package var viewsLog: String = "/var/log/nginx/portalgen-views.log"

    /// The addresses (or CIDR ranges) of load balancers in front of nginx, such as the haproxy of several
    /// replicas: from them nginx takes the browser's address from `X-Forwarded-For`, so sign-in throttling
    /// and the daemon count browsers, not the balancer. The default is none (the connection's own address).
    var trustedProxies: [String] = []

    package init() {}

    enum CodingKeys: String, CodingKey, CaseIterable {
        case mode, listen, certificate, certificateKey, serverName, htpasswd, authURL, signInURL, userHeader, file, liveConnectionsPerLogin, reloadCommand,
            sessionKeyEnv, sessionIdleHours, sessionDays, allowPlainHTTP, authCache, viewsLog, trustedProxies
    }

    package init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        mode = try c.decodeIfPresent(String.self, forKey: .mode) ?? mode
        guard ["timetracker", "basic", "auth_request"].contains(mode) else {
            throw DecodingError.dataCorruptedError(
                forKey: .mode, in: c, debugDescription: "key \"proxy.mode\" must be \"timetracker\", \"basic\" or \"auth_request\", not \"\(mode)\"")
        }
        if let port = try? c.decodeIfPresent(Int.self, forKey: .listen) {
            listen = String(port)
        } else {
            listen = try c.decodeIfPresent(String.self, forKey: .listen) ?? listen
        }
        guard Self.isListenAddress(listen) else {
            throw DecodingError.dataCorruptedError(
                forKey: .listen, in: c,
                debugDescription: "key \"proxy.listen\" must be a port (8080) or address:port (127.0.0.1:8080, [::1]:8443), not \"\(listen)\"")
        }
        certificate = try c.decodeIfPresent(String.self, forKey: .certificate)
        certificateKey = try c.decodeIfPresent(String.self, forKey: .certificateKey)
        guard (certificate == nil) == (certificateKey == nil) else {
            throw DecodingError.dataCorruptedError(
                forKey: certificate == nil ? .certificateKey : .certificate, in: c,
                debugDescription: "keys \"proxy.certificate\" and \"proxy.certificateKey\" go together: set both for HTTPS, or neither")
        }
        for (key, value) in [(CodingKeys.certificate, certificate), (.certificateKey, certificateKey)] {
            if let value, !Self.isPlainPath(value) {
                throw DecodingError.dataCorruptedError(
                    forKey: key, in: c, debugDescription: "key \"proxy.\(key.rawValue)\" must be a file path without spaces, quotes, ';', '{', '}' or '$'")
            }
        }
        serverName = try c.decodeIfPresent(String.self, forKey: .serverName) ?? serverName
        htpasswd = try c.decodeIfPresent(String.self, forKey: .htpasswd) ?? htpasswd
        authURL = try c.decodeIfPresent(String.self, forKey: .authURL) ?? authURL
        signInURL = try c.decodeIfPresent(String.self, forKey: .signInURL) ?? signInURL
        userHeader = try c.decodeIfPresent(String.self, forKey: .userHeader) ?? userHeader
        // Every value below is written into nginx's configuration: a stray ';', brace or quote would add directives.
        guard !serverName.isEmpty,
            serverName.split(separator: " ").allSatisfy({ $0.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || ".-_*~:".contains($0)) } })
        else {
            throw DecodingError.dataCorruptedError(
                forKey: .serverName, in: c,
                debugDescription: "key \"proxy.serverName\" must be host names separated by spaces (portal.example.com), not \"\(serverName)\"")
        }
        guard Self.isPlainPath(htpasswd) else {
            throw DecodingError.dataCorruptedError(
                forKey: .htpasswd, in: c, debugDescription: "key \"proxy.htpasswd\" must be a file path without spaces, quotes, ';', '{', '}' or '$'")
        }
        for (key, value) in [(CodingKeys.authURL, authURL), (.signInURL, signInURL)] {
            let web = value.hasPrefix("http://") || value.hasPrefix("https://") || (key == .signInURL && value.hasPrefix("/") && !value.hasPrefix("//"))
            guard web, Self.isPlainPath(value) else {
                throw DecodingError.dataCorruptedError(
                    forKey: key, in: c,
                    debugDescription:
                        "key \"proxy.\(key.rawValue)\" must be an http(s) URL\(key == .signInURL ? " or a path" : "") without spaces, quotes, ';', '{', '}' or '$', not \"\(value)\""
                )
            }
        }
        guard !userHeader.isEmpty, userHeader.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }) else {
            throw DecodingError.dataCorruptedError(
                forKey: .userHeader, in: c, debugDescription: "key \"proxy.userHeader\" must be a header name (letters, digits, '-'), not \"\(userHeader)\"")
        }
        file = try c.decodeIfPresent(String.self, forKey: .file) ?? file
        liveConnectionsPerLogin = try c.decodeIfPresent(Int.self, forKey: .liveConnectionsPerLogin) ?? liveConnectionsPerLogin
        reloadCommand = try c.decodeIfPresent(String.self, forKey: .reloadCommand).flatMap { $0.trimmingCharacters(in: .whitespaces).isEmpty ? nil : $0 }
        allowPlainHTTP = try c.decodeIfPresent(Bool.self, forKey: .allowPlainHTTP) ?? allowPlainHTTP
        authCache = try c.decodeIfPresent(String.self, forKey: .authCache) ?? authCache
        guard authCache.hasPrefix("/"), Self.isPlainPath(authCache) else {
            throw DecodingError.dataCorruptedError(
                forKey: .authCache, in: c,
                debugDescription: "key \"proxy.authCache\" must be an absolute folder path without spaces, quotes, ';', '{', '}' or '$'")
        }
        viewsLog = try c.decodeIfPresent(String.self, forKey: .viewsLog) ?? viewsLog
        guard viewsLog.isEmpty || (viewsLog.hasPrefix("/") && Self.isPlainPath(viewsLog)) else {
            throw DecodingError.dataCorruptedError(
                forKey: .viewsLog, in: c,
                debugDescription: "key \"proxy.viewsLog\" must be an absolute file path without spaces, quotes, ';', '{', '}' or '$', or \"\" for no views log")
        }
        sessionKeyEnv = try c.decodeIfPresent(String.self, forKey: .sessionKeyEnv) ?? sessionKeyEnv
        sessionIdleHours = try c.decodeIfPresent(Int.self, forKey: .sessionIdleHours) ?? sessionIdleHours
        sessionDays = try c.decodeIfPresent(Int.self, forKey: .sessionDays) ?? sessionDays
        guard (1...24 * 30).contains(sessionIdleHours), (1...365).contains(sessionDays) else {
            throw DecodingError.dataCorruptedError(
                forKey: .sessionIdleHours, in: c,
                debugDescription: "keys \"proxy.sessionIdleHours\" (1 to 720) and \"proxy.sessionDays\" (1 to 365) are out of range")
        }
        trustedProxies = try c.decodeIfPresent([String].self, forKey: .trustedProxies) ?? []
        for address in trustedProxies where !Self.isAddressOrRange(address) {
            throw DecodingError.dataCorruptedError(
                forKey: .trustedProxies, in: c,
                debugDescription:
                    "key \"proxy.trustedProxies\" lists addresses or ranges of the load balancers in front of nginx (10.0.0.5, 10.0.0.0/24, 2001:db8::/32), not \"\(address)\"; trusting every address (0.0.0.0/0) would let any browser choose the address it is counted under"
            )
        }
        guard (1...1000).contains(liveConnectionsPerLogin) else {
            throw DecodingError.dataCorruptedError(
                forKey: .liveConnectionsPerLogin, in: c,
                debugDescription: "key \"proxy.liveConnectionsPerLogin\" must be from 1 to 1000, not \(liveConnectionsPerLogin)")
        }
    }

    /// An IPv4 or IPv6 address, optionally with a prefix length that leaves some addresses out.
    static func isAddressOrRange(_ text: String) -> Bool {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count) else { return false }
        let address = String(parts[0])
        var v4 = in_addr(), v6 = in6_addr()
        let bits: Int
        if inet_pton(AF_INET, address, &v4) == 1 {
            bits = 32
        } else if inet_pton(AF_INET6, address, &v6) == 1 {
            bits = 128
        } else {
            return false
        }
        guard parts.count == 2 else { return true }
        guard let prefix = Int(parts[1]), (1...bits).contains(prefix) else { return false }
        return true
    }

    /// Why this configuration must not be served as it is: passwords in clear beyond loopback. nil when fine.
    package var plainHTTPProblem: String? {
        guard !tls, !listensOnLoopbackOnly, mode != "auth_request", !allowPlainHTTP else { return nil }
        return
            "proxy.listen \(listen) would take passwords in clear over the network (\(mode) sign-in without TLS): set proxy.certificate and proxy.certificateKey, listen on 127.0.0.1 behind a TLS terminator, or set proxy.allowPlainHTTP to true if a trusted network carries it"
    }

    /// Whether nginx serves HTTPS (and HTTP/2).
    package var tls: Bool { certificate != nil && certificateKey != nil }

    /// Whether the listen address is loopback only (plain HTTP there never crosses a network).
    var listensOnLoopbackOnly: Bool {
        let host = listen.contains(":") ? String(listen[..<listen.lastIndex(of: ":")!]) : ""
        return host.hasPrefix("127.") || host == "[::1]" || host == "localhost"
    }

    /// `8080`, `127.0.0.1:8080`, `[::1]:8443`, `localhost:8080`.
    static func isListenAddress(_ text: String) -> Bool {
        var host = "", port = text
        if let colon = text.lastIndex(of: ":") {
            host = String(text[..<colon])
            port = String(text[text.index(after: colon)...])
            if host.isEmpty { return false }
        }
        guard let number = Int(port), (1...65535).contains(number), port.allSatisfy(\.isASCII) else { return false }
        if host.isEmpty { return true }
        if host.hasPrefix("[") { return host.hasSuffix("]") && host.dropFirst().dropLast().allSatisfy { $0.isHexDigit || $0 == ":" || $0 == "." } }
        return host.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "." || $0 == "-") }
    }

    static func isPlainPath(_ text: String) -> Bool {
        !text.isEmpty && !text.contains { $0.isWhitespace || "\"';{}$\\".contains($0) || $0.asciiValue.map { $0 < 32 } ?? false }
    }

    func resolved(against resolve: (String) -> URL) -> ProxySettings {
        var copy = self
        copy.file = resolve(file).path
        copy.certificate = certificate.map { resolve($0).path }
        copy.certificateKey = certificateKey.map { resolve($0).path }
        return copy
    }
}

import Foundation

/// Settings of the nginx configuration that `portalgen proxy-config` writes (`proxy` in `config.json`).
public struct ProxySettings: Decodable, Sendable, Hashable {
    /// How users sign in: `basic` (nginx `auth_basic` with an htpasswd file) or `auth_request` (an SSO such
    /// as oauth2-proxy). The default is `basic`.
    public var mode: String = "basic"
    /// The port nginx listens on. The default is 8080.
    public var listen: Int = 8080
    /// nginx's `server_name`. The default is `_`.
    public var serverName: String = "_"
    /// The htpasswd file for `basic` mode. The default is `/etc/nginx/portalgen.htpasswd`.
    public var htpasswd: String = "/etc/nginx/portalgen.htpasswd"
    /// The SSO's auth endpoint for `auth_request` mode. The default is oauth2-proxy's `http://127.0.0.1:4180/oauth2/auth`.
    public var authURL: String = "http://127.0.0.1:4180/oauth2/auth"
    /// Where to send users who are not signed in, in `auth_request` mode. The default is `/oauth2/sign_in`.
    public var signInURL: String = "/oauth2/sign_in"
    /// The response header of the auth endpoint carrying the verified login. The default is oauth2-proxy's
    /// `X-Auth-Request-User`.
    public var userHeader: String = "X-Auth-Request-User"
    /// Where `portalgen proxy-config` writes the server block. The default is `portalgen-nginx.conf` beside the config file.
    public var file: String = "portalgen-nginx.conf"
    /// Open `/live` streams one login may hold (one per open portal tab); the excess gets 503, so one
    /// signed-in client cannot use up nginx's connections. The default is 20.
    public var liveConnectionsPerLogin: Int = 20
    /// A shell command that makes the proxy read a changed login map (e.g. `nginx -s reload` or
    /// `systemctl reload nginx`), run by `build` and `serve` after every change of the map; a failure is
    /// logged. The default is none: reload nginx yourself after each full build.
    public var reloadCommand: String?

    public init() {}

    enum CodingKeys: String, CodingKey, CaseIterable { case mode, listen, serverName, htpasswd, authURL, signInURL, userHeader, file, liveConnectionsPerLogin, reloadCommand }

    public init(from decoder: Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        mode = try c.decodeIfPresent(String.self, forKey: .mode) ?? mode
        guard mode == "basic" || mode == "auth_request" else {
            throw DecodingError.dataCorruptedError(forKey: .mode, in: c, debugDescription: "key \"proxy.mode\" must be \"basic\" or \"auth_request\", not \"\(mode)\"")
        }
        listen = try c.decodeIfPresent(Int.self, forKey: .listen) ?? listen
        serverName = try c.decodeIfPresent(String.self, forKey: .serverName) ?? serverName
        htpasswd = try c.decodeIfPresent(String.self, forKey: .htpasswd) ?? htpasswd
        authURL = try c.decodeIfPresent(String.self, forKey: .authURL) ?? authURL
        signInURL = try c.decodeIfPresent(String.self, forKey: .signInURL) ?? signInURL
        userHeader = try c.decodeIfPresent(String.self, forKey: .userHeader) ?? userHeader
        file = try c.decodeIfPresent(String.self, forKey: .file) ?? file
        liveConnectionsPerLogin = try c.decodeIfPresent(Int.self, forKey: .liveConnectionsPerLogin) ?? liveConnectionsPerLogin
        reloadCommand = try c.decodeIfPresent(String.self, forKey: .reloadCommand).flatMap { $0.trimmingCharacters(in: .whitespaces).isEmpty ? nil : $0 }
        guard (1...1000).contains(liveConnectionsPerLogin) else {
            throw DecodingError.dataCorruptedError(
                forKey: .liveConnectionsPerLogin, in: c, debugDescription: "key \"proxy.liveConnectionsPerLogin\" must be from 1 to 1000, not \(liveConnectionsPerLogin)")
        }
    }

    func resolved(against resolve: (String) -> URL) -> ProxySettings {
        var copy = self
        copy.file = resolve(file).path
        return copy
    }
}

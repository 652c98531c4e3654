import Foundation

/// Writes the nginx configuration that puts each signed-in user in exactly one client's directory.
///
/// Two files, both included inside nginx's `http { }` block:
/// - `<file>`: the `server` block (static: rewrite it with `portalgen proxy-config` when settings change);
/// - `portalgen-users.map` in the state folder (`basic` and `auth_request` modes): the login → slug `map`,
///   rewritten by every full build and by `serve` whenever TimeTracker's logins change.
package struct NginxConfig {
    package let configuration: PortalConfiguration

    package init(configuration: PortalConfiguration) { self.configuration = configuration }

    /// `proxy.file`; a relative path (configurations built in code) is taken beside the output folder.
    package var serverFile: URL {
        let file = configuration.proxy.file
        return file.hasPrefix("/") ? URL(fileURLWithPath: file) : configuration.output.deletingLastPathComponent().appendingPathComponent(file)
    }

    /// The login map (`basic` and `auth_request` modes), in the state folder: `build` and `serve` rewrite it.
    package var mapFile: URL { configuration.state.appendingPathComponent("portalgen-users.map") }

    /// The variable the map reads: the verified login of the chosen sign-in mode.
    var loginVariable: String { configuration.proxy.mode == "basic" ? "$remote_user" : "$portalgen_login" }

    /// Writes the map file when its content changed. Returns whether it was written.
    @discardableResult
    package func writeMap(_ logins: PortalLogins) throws -> Bool {
        let text = logins.nginxMap(variable: loginVariable)
        if (try? String(contentsOf: mapFile, encoding: .utf8)) == text { return false }
        let folder = mapFile.deletingLastPathComponent()
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try text.write(to: mapFile, atomically: true, encoding: .utf8)
        } catch {
            throw ConfigurationError(
                file: configuration.source?.path ?? "config.json",
                message:
                    "cannot write the nginx login map in \(folder.path): let portalgen's user write that folder, or set \"state\" to a folder it may write"
            )
        }
        return true
    }

    /// The server block.
    package func serverBlock(proxySecret: String?) -> String {
        let proxy = configuration.proxy
        let server = configuration.server
        let output = configuration.output.standardizedFileURL.path
        let daemonHost = server.host == "0.0.0.0" ? "127.0.0.1" : server.host
        let secretLine =
            proxySecret.map { "        proxy_set_header X-Portalgen-Secret \"\(Self.quoted($0))\";" }
            ?? "        # Set \(server.proxySecretEnv) for the daemon and rerun proxy-config to require a shared secret here."
        // The daemon through kept-alive connections: nginx asks it about every request in timetracker mode, and
        // a new connection per check cost nine tenths of the throughput.
        let daemon = "http://portalgen_daemon"
        let renew = proxy.mode == "timetracker"
        var auth: [String]
        var extraLocations: [String] = []
        switch proxy.mode {
        case "timetracker":
            auth = [
                "    # Sign-in: the daemon checks every request's session cookie from memory and names the client's",
                "    # folder; without a session, the sign-in page. Nothing of a client is served unchecked.",
                "    auth_request /_portalgen_auth;",
                "    auth_request_set $portalgen_auth_slug $upstream_http_x_portalgen_slug;",
                "    auth_request_set $portalgen_cookie $upstream_http_x_portalgen_cookie;",
                "    auth_request_set $portalgen_login $upstream_http_x_portalgen_login;",
                "    error_page 401 = @portalgen_sign_in;",
                "    # The daemon is down or failing: a plain page, never a file.",
                "    error_page 500 502 503 504 = @portalgen_unavailable;",
                "    absolute_redirect off;",
            ]
            let toDaemon = [
                "        proxy_http_version 1.1;",
                "        proxy_set_header Connection \"\";",
                "        proxy_set_header Host $host;",
                "        proxy_set_header X-Real-IP $remote_addr;",
                "        proxy_set_header X-Forwarded-Host $http_host;",
                secretLine,
            ]
            /// A location of the daemon's reached without a session; `limited` by the sign-in rate, `page` with the pages' headers.
            func unauthenticated(_ path: String, _ target: String, limited: Bool = false, page: Bool = false) -> [String] {
                ["    location = \(path) {", "        auth_request off;"]
                    + (limited ? ["        limit_req zone=portalgen_sign_in burst=20 nodelay;", "        limit_req_status 429;"] : [])
                    + ["        proxy_pass \(daemon)\(target);"] + toDaemon + (page ? [Self.securityHeaders(indent: 8, tls: proxy.tls)] : []) + ["    }", ""]
            }
            extraLocations =
                [
                    "    location = /_portalgen_auth {",
                    "        internal;",
                    "        proxy_pass \(daemon)/_portalgen/auth;",
                    "        proxy_pass_request_body off;",
                    "        proxy_set_header Content-Length \"\";",
                    "        proxy_cache portalgen_auth;",
                    "        proxy_cache_key $http_cookie;",
                    "        proxy_cache_valid 200 401 1s;",
                    "        proxy_cache_lock on;",
                    "        proxy_ignore_headers Cache-Control Expires Set-Cookie;",
                ] + toDaemon + [
                    "    }",
                    "",
                    "    # The sign-in page, its stylesheet, sign-out, sign-in links and the icon are the only things served",
                    "    # without a session.",
                ] + unauthenticated("/sign-in", "/_portalgen/sign-in$is_args$args", limited: true, page: true)
                + unauthenticated("/sign-in/link", "/_portalgen/link$is_args$args", limited: true, page: true)
                + unauthenticated("/favicon.ico", "/_portalgen/favicon.ico") + unauthenticated("/sign-in.css", "/_portalgen/sign-in.css")
                + unauthenticated("/sign-out", "/_portalgen/sign-out", page: true) + [
                    "    location @portalgen_sign_in {",
                    "        return 302 /sign-in?rd=$portalgen_return_to;",
                    "    }",
                    "",
                    "    location @portalgen_unavailable {",
                    "        default_type text/html;",
                    "        add_header Cache-Control no-store always;",
                    "        add_header Retry-After 10 always;",
                    "        return 503 \"<!DOCTYPE html><html lang=en><meta charset=utf-8><title>Sign-in is unavailable</title><h1>Sign-in is unavailable</h1><p>Please try again shortly.</p></html>\";",
                    "    }",
                    "",
                ]
        case "basic":
            auth = [
                "    # Sign-in: nginx checks the password; $remote_user is trusted only because auth_basic guards every location.",
                "    auth_basic \"Client portal\";",
                "    auth_basic_user_file \(proxy.htpasswd);",
            ]
        default:
            let header = proxy.userHeader.lowercased().replacingOccurrences(of: "-", with: "_")
            auth = [
                "    # Sign-in: every request is checked by the SSO; the login comes from the SSO's response header,",
                "    # never from the browser (a browser's Authorization or \(proxy.userHeader) header changes nothing).",
                "    auth_request /_portalgen_auth;",
                "    auth_request_set $portalgen_login $upstream_http_\(header);",
                "    error_page 401 = @portalgen_sign_in;",
            ]
            extraLocations = [
                "    location = /_portalgen_auth {",
                "        internal;",
                "        proxy_pass \(proxy.authURL);",
                "        proxy_pass_request_body off;",
                "        proxy_set_header Content-Length \"\";",
                "        proxy_set_header X-Original-URI $request_uri;",
                "        proxy_set_header \(proxy.userHeader) \"\";",
                "    }",
                "",
                "    location @portalgen_sign_in {",
                "        return 302 \(proxy.signInURL)?rd=$portalgen_return_to;",
                "    }",
                "",
            ]
        }
        var lines: [String] = ["# Generated by `portalgen proxy-config` for \(output)."]
        if proxy.mode == "timetracker" {
            lines += [
                "# Include this file inside nginx's http { } block. It holds the proxy secret: keep it 0640.",
                "",
                "upstream portalgen_daemon {",
                "    server \(daemonHost):\(server.port);",
                "    keepalive 32;",
                "}",
                "# The daemon's answer about a session is reused for one second (a page's stylesheet, scripts and icon",
                "# ask with the same cookie): access still ends within about 1.5 s of a change in TimeTracker.",
                "proxy_cache_path \(proxy.authCache) levels=1 keys_zone=portalgen_auth:10m max_size=64m inactive=10s use_temp_path=off;",
                "",
                "# The client folder the daemon named for the session; anything else is no folder at all.",
                "map $portalgen_auth_slug $portalgen_slug {",
                "    volatile;",
                "    default \"-\";",
                "    \"~^[a-z0-9][a-z0-9-]{0,99}$\" $portalgen_auth_slug;",
                "}",
                "# A session's signature, to count its open /live streams.",
                "map $http_cookie $portalgen_session_key {",
                "    default \"\";",
                "    \"~portalgen_session=[^.;]*\\.(?<signature>[A-Za-z0-9_-]{43})\" $signature;",
                "}",
                "",
                "# Password guessing through nginx: at most 30 sign-in requests a minute per address (the daemon adds",
                "# per-login and per-address backoff).",
                "limit_req_zone $binary_remote_addr zone=portalgen_sign_in:10m rate=30r/m;",
            ]
        } else {
            lines += [
                "# Include this file inside nginx's http { } block. The login map comes from the file below,",
                "# which `portalgen build` and `portalgen serve` rewrite from TimeTracker's portal users.",
                "include \(mapFile.path);",
            ]
        }
        lines += [
            "",
            "# A literal dollar sign for values nginx would otherwise read as a variable (the proxy secret).",
            "geo $portalgen_dollar { default \"$\"; }",
            "",
            "# Open /live streams per signed-in login (proxy.liveConnectionsPerLogin), so one client cannot use up",
            "# the worker connections every other client needs.",
            "limit_conn_zone \(proxy.mode == "timetracker" ? "$portalgen_session_key" : loginVariable) zone=portalgen_live:10m;",
            "",
        ]
        if !proxy.viewsLog.isEmpty {
            lines += [
                "# Who viewed what (`portalgen views`, /admin/status): one JSON line per request. It names logins and",
                "# what they opened: rotate it (README, \"Who viewed what\") and keep it no longer than you need.",
                "log_format portalgen_views escape=json",
                "    '{\"time\":\"$time_iso8601\",\"login\":\"\(loginVariable)\",\"client\":\"$portalgen_slug\",'",
                "    '\"path\":\"$uri\",\"status\":$status,\"bytes\":$body_bytes_sent}';",
                "",
            ]
        }
        lines += [
            "server {"
        ]
        if proxy.tls {
            lines += [
                "    # HTTPS and HTTP/2: passwords and pages never cross the network in clear, and every open tab's",
                "    # /live stream shares one connection (HTTP/1.1 allows a browser six per host).",
                "    listen \(proxy.listen) ssl http2;",
                "    ssl_certificate \(proxy.certificate!);",
                "    ssl_certificate_key \(proxy.certificateKey!);",
                "    ssl_protocols TLSv1.2 TLSv1.3;",
                "    ssl_session_cache shared:portalgen_tls:10m;",
            ]
        } else {
            lines += [
                "    # Plain HTTP: basic-auth passwords cross the network in clear. Keep it on loopback behind a",
                "    # TLS terminator, or set proxy.certificate and proxy.certificateKey.",
                "    listen \(proxy.listen);",
            ]
        }
        lines += [
            "    server_name \(proxy.serverName);",
            "    server_tokens off;",
            "",
        ]
        if !proxy.trustedProxies.isEmpty {
            lines.append("    # Behind a load balancer: the browser's address from X-Forwarded-For, trusted only from these.")
            lines += proxy.trustedProxies.map { "    set_real_ip_from \($0);" }
            lines += ["    real_ip_header X-Forwarded-For;", "    real_ip_recursive on;", ""]
        }
        if !proxy.viewsLog.isEmpty {
            lines += [
                "    # This server's access log: the same requests as nginx's usual one, as JSON lines with the login.",
                "    access_log \(proxy.viewsLog) portalgen_views;", "",
            ]
        }
        lines += [
            "    # Exactly the types portalgen writes, text ones in UTF-8 (CSV included, so spreadsheets read it).",
            "    types {",
            "        text/html html;",
            "        text/css css;",
            "        text/javascript js;",
            "        text/csv csv;",
            "        application/json json;",
            "        application/xml xml;",
            "        application/pdf pdf;",
            "        image/png png;",
            "        image/jpeg jpg jpeg;",
            "        image/gif gif;",
            "        image/svg+xml svg;",
            "        image/webp webp;",
            "        image/x-icon ico;",
            "        font/woff2 woff2;",
            "        text/plain txt;",
            "    }",
            "    default_type application/octet-stream;",
            "    charset utf-8;",
            "    charset_types text/css text/javascript text/csv text/plain application/json application/xml image/svg+xml;",
            "",
        ]
        if proxy.mode != "basic" {
            // Before `server {`: maps live at http level.
            lines.insert(contentsOf: Self.returnToMap, at: lines.firstIndex(of: "server {")!)
        }
        lines += auth
        lines += [
            "",
            "    # Files come from the signed-in client's own directory; the URL never names a client.",
            "    # An unknown login maps to \"-\", a directory that does not exist: it gets 403, never a site.",
            "    root \(output)/$portalgen_slug;",
            "    disable_symlinks on from=$document_root;",
            "    autoindex off;",
            "    index index.html;",
            "",
        ]
        lines += extraLocations
        lines += [
            "    # Dotfiles and build state (manifests, locks) are never served.",
            "    location ~ /\\. {",
            "        return 404;",
            "    }",
            "",
            "    # The daemon's health, without sign-in, for a load balancer in front of several replicas (haproxy):",
            "    # 503 while it drains (stopping), 502 when it is down.",
            "    location = /healthz {",
            "        auth_basic off;",
            "        auth_request off;",
            "        access_log off;",
            "        proxy_pass http://\(daemonHost):\(server.port)/healthz;",
            "        proxy_http_version 1.1;",
            "        proxy_set_header Connection \"\";",
            "        proxy_connect_timeout 2s;",
            "        proxy_read_timeout 5s;",
            "    }",
            "",
            "    # Live updates: the daemon's /live/<slug> for the signed-in client only, unbuffered (SSE).",
            "    location = /live {",
            "        # The query names the page and its version, so the daemon can say at once when it is out of date.",
            "        proxy_pass http://\(daemonHost):\(server.port)/live/$portalgen_slug$is_args$args;",
            "        proxy_http_version 1.1;",
            "        proxy_set_header Connection \"\";",
            "        proxy_set_header Host $host;",
            secretLine,
            "        # The daemon needs no credentials: the browser's password and SSO cookies stay here.",
            "        proxy_set_header Authorization \"\";",
            "        proxy_set_header Cookie \"\";",
            "        limit_conn portalgen_live \(proxy.liveConnectionsPerLogin);",
            "        limit_conn_status 503;",
            "        proxy_buffering off;",
            "        proxy_cache off;",
            "        # Heartbeats come every \(server.heartbeatSeconds) s: a stream silent for longer than this is dead.",
            "        proxy_read_timeout \(max(30, server.heartbeatSeconds * 3))s;",
            "        add_header Cache-Control no-store always;",
            "    }",
            "",
            "    location / {",
            "        # Nested regex locations are tried before the server's, so dotfiles are refused here too",
            "        # (else /.secret.css would match the stylesheet location below).",
            "        location ~ /\\. {",
            "            return 404;",
            "        }",
            "        try_files $uri $uri/index.html =404;",
            "        error_page 404 = @portalgen_not_found;",
            proxy.mode == "basic" ? "" : "        error_page 401 = @portalgen_sign_in;",
            proxy.mode == "timetracker" ? "        error_page 500 502 503 504 = @portalgen_unavailable;" : "",
            "        # Pages change whenever data changes: browsers revalidate (ETag / Last-Modified).",
            "        add_header Cache-Control \"no-cache\" always;",
            Self.securityHeaders(indent: 8, tls: proxy.tls, renew: renew),
            "        # Uploaded documents and e-invoices are downloads, never pages: whatever an upload holds, a browser",
            "        # saves it instead of running it, under a sandbox that allows nothing, and sniffs no type.",
            "        location ^~ /documents/files/ {",
            "            location ~ /\\. {",
            "                return 404;",
            "            }",
            "            types {",
            "                application/pdf pdf;",
            "                image/png png;",
            "                image/jpeg jpg jpeg;",
            "                image/gif gif;",
            "                image/webp webp;",
            "                text/plain txt;",
            "                text/csv csv;",
            "            }",
            "            default_type application/octet-stream;",
            Self.downloadHeaders(indent: 12, tls: proxy.tls),
            "        }",
            "        location ~* \\.xml$ {",
            Self.downloadHeaders(indent: 12, tls: proxy.tls),
            "        }",
            "        location ~* \\.(css|js|png|jpe?g|gif|svg|webp|ico)$ {",
            "            add_header Cache-Control \"public, max-age=3600, must-revalidate\" always;",
            Self.securityHeaders(indent: 12, tls: proxy.tls, renew: renew),
            "        }",
            "    }",
            "",
        ]
        if proxy.mode != "timetracker" {
            lines += [
                "    # Browsers and tools ask for /favicon.ico at the root: the site's own icon.",
                "    location = /favicon.ico {",
                "        try_files /assets/favicon.ico =404;",
                "        add_header Cache-Control \"public, max-age=86400\" always;",
                Self.securityHeaders(indent: 8, tls: proxy.tls),
                "    }",
                "",
            ]
        }
        lines += [
            "    location @portalgen_not_found {",
            "        if ($portalgen_slug = \"-\") { return 403; }",
            "        return 404;",
            "    }",
            "}",
        ]
        return lines.joined(separator: "\n") + "\n"
    }

    /// Where the SSO sends a user back after signing in: the page they asked for when it is a plain path of
    /// the site, else the dashboard. `$request_uri` itself would hand the SSO `/\\evil.example` (which
    /// browsers read as `//evil.example`, another host) or extra `&` parameters.
    static let returnToMap = [
        "# After sign-in the SSO returns to the page asked for, when it is a plain path of this site; a URL",
        "# that starts with // or /\\ (another host to a browser), carries a query or odd characters gets \"/\".",
        "map $request_uri $portalgen_return_to {",
        "    default \"/\";",
        "    \"~^/([A-Za-z0-9._~-][A-Za-z0-9._~/-]*)?$\" $request_uri;",
        "}",
        "",
    ]

    /// nginx does not inherit `add_header` into a block that sets its own, so each block repeats these.
    /// `renew`: in `timetracker` mode, the renewed session cookie the daemon handed back, when it did.
    static func securityHeaders(indent: Int, tls: Bool, renew: Bool = false) -> String {
        let pad = String(repeating: " ", count: indent)
        let hsts: [String] =
            (tls ? ["add_header Strict-Transport-Security \"max-age=31536000\" always;"] : [])
            + (renew ? ["add_header Set-Cookie $portalgen_cookie always;"] : [])
        return
            (hsts + [
                "add_header X-Content-Type-Options nosniff always;", "add_header Referrer-Policy same-origin always;",
                "add_header X-Frame-Options DENY always;",
                "add_header Content-Security-Policy \"default-src 'self'; img-src 'self' https: data:; style-src 'self'; script-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'\" always;",
            ]).map { pad + $0 }.joined(separator: "\n")
    }

    /// The headers of a file served as a download: saved, never shown or run (`sandbox` blocks script,
    /// forms and navigation even where a browser shows it anyway).
    static func downloadHeaders(indent: Int, tls: Bool) -> String {
        let pad = String(repeating: " ", count: indent)
        let hsts: [String] = tls ? ["add_header Strict-Transport-Security \"max-age=31536000\" always;"] : []
        return
            (hsts + [
                "add_header Content-Disposition attachment always;", "add_header Cache-Control \"no-cache\" always;",
                "add_header X-Content-Type-Options nosniff always;", "add_header Referrer-Policy same-origin always;",
                "add_header X-Frame-Options DENY always;", "add_header Content-Security-Policy \"sandbox; default-src 'none'\" always;",
            ]).map { pad + $0 }.joined(separator: "\n")
    }

    static func quoted(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"").replacingOccurrences(
            of: "$", with: "${portalgen_dollar}")
    }
}

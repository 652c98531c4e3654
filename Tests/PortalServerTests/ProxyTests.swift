import Foundation
import GRDB
import PortalTestSupport
import Testing

@testable import PortalCore

/// The generated nginx configuration, run by the real nginx: one client can never reach another's data.
@Suite(.serialized, .enabled(if: NginxProcess.available)) struct ProxyTests {
    /// Client B's name as it appears (escaped) on B's pages, and never on A's.
    static let markerOfB = "&lt;b&gt;Acme&lt;/b&gt;"

    func htpasswd(_ folder: URL, _ users: [(String, String)]) async throws -> String {
        var lines: [String] = []
        for (user, password) in users {
            let hash = try await ChildProcess.run(URL(fileURLWithPath: "/usr/bin/openssl"), ["passwd", "-apr1", password]).stdout.trimmingCharacters(
                in: .whitespacesAndNewlines)
            lines.append("\(user):\(hash)")
        }
        let path = folder.appendingPathComponent("htpasswd").path
        try (lines.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        chmod(path, 0o644)
        return path
    }

    @Test func basicAuthKeepsEveryClientInItsOwnDirectory() async throws {
        let fixture = try Fixture(clients: 3, entries: 20, invoices: 2)
        let nginxPort = NginxProcess.freePort()
        let config = try fixture.writeConfig(extra: [
            "server": ["port": 0, "proxySecretEnv": "TEST_PROXY_SECRET"],
            "proxy": [
                "mode": "basic", "listen": nginxPort, "htpasswd": fixture.folder.appendingPathComponent("htpasswd").path,
                "file": fixture.folder.appendingPathComponent("portal-nginx.conf").path,
            ],
        ])
        let daemon = try await DaemonProcess(config: config, environment: ["TEST_PROXY_SECRET": "only-nginx-knows"])
        defer { daemon.stop() }
        #expect(await eventually { daemon.logText.contains("build finished") })
        _ = try await htpasswd(fixture.folder, [("client1", "pw-a"), ("portal.client2", "pw-b"), ("stranger", "pw-x")])
        var configuration = try PortalConfiguration.load(from: URL(fileURLWithPath: config))
        configuration.server.port = daemon.port
        let nginxConfig = NginxConfig(configuration: configuration)
        try nginxConfig.serverBlock(proxySecret: "only-nginx-knows").write(to: nginxConfig.serverFile, atomically: true, encoding: .utf8)
        #expect(FileManager.default.fileExists(atPath: nginxConfig.mapFile.path), "the build writes the login map")
        let nginx = try await NginxProcess(serverFile: nginxConfig.serverFile, port: nginxPort, folder: fixture.folder)
        defer { nginx.stop() }

        let a = "client1:pw-a"
        let home = try await nginx.get("/", user: a)
        #expect(home.status == 200)
        #expect(home.body.contains("Müller &amp; Söhne GmbH"))
        let invoiceID = try #require(fixture.files("mueller-soehne-gmbh").first { $0.hasPrefix("invoices/") && $0.dropFirst(9).first!.isNumber })
        #expect(try await nginx.get("/" + invoiceID, user: a).status == 200)
        #expect(try await nginx.get("/invoices/", user: a).status == 200)
        #expect(try await nginx.get("/", user: "portal.client2:pw-b").body.contains(Self.markerOfB))

        let output = fixture.configuration.output.path
        let attempts = [
            "/../acme-quotes-co/index.html", "/%2e%2e/acme-quotes-co/index.html", "/..%2facme-quotes-co/index.html", "/%2e%2e%2facme-quotes-co/index.html",
            "//acme-quotes-co/index.html", "/acme-quotes-co/index.html", "/acme-quotes-co/", "\(output)/acme-quotes-co/index.html",
            "/..\\acme-quotes-co\\index.html", "/%5c..%5cacme-quotes-co%5cindex.html", "/%c0%ae%c0%ae/acme-quotes-co/index.html",
            "/invoices/../../acme-quotes-co/index.html", "/.sites/", "/../.sites/", "/%2E%2E/%2E%2E/\(output)/acme-quotes-co/index.html",
            "/live/acme-quotes-co", "/index.html/../../acme-quotes-co/index.html",
        ]
        for path in attempts {
            let response = try await nginx.get(path, user: a)
            #expect(!response.body.contains(Self.markerOfB), "\(path) leaked B's page (\(response.status))")
            #expect(response.status != 200 || response.body.contains("Müller"), "\(path) gave \(response.status)")
        }
        #expect(try await nginx.get("/").status == 401)
        #expect(try await nginx.get("/", user: "client1:wrong").status == 401)
        #expect(try await nginx.get("/", user: "stranger:pw-x").status == 403)
        #expect(try await nginx.get("/index.html", user: "stranger:pw-x").status == 403)
        for path in [
            "/.manifest.json", "/.locks/mueller-soehne-gmbh.lock", "/../.portalgen-slugs.json", "/%2e%2e/.portalgen-slugs.json", "/assets/../.manifest.json",
        ] {
            let response = try await nginx.get(path, user: a)
            #expect(response.status != 200, "\(path) was served")
        }
        // The live endpoint reaches the daemon for the signed-in client's slug only.
        let live = try await nginx.get("/live", user: a, maxTime: 1.5)
        let buildA = try #require(Publisher(output: fixture.configuration.output).currentBuildID(slug: "mueller-soehne-gmbh"))
        #expect(live.body.contains("event: hello\ndata: \(buildA)"), "\(live)")
        let liveB = try await nginx.get("/live", user: "portal.client2:pw-b", maxTime: 1.5)
        #expect(!liveB.body.contains(buildA))
        #expect(try await nginx.get("/live", user: "stranger:pw-x", maxTime: 1.5).status == 404)
    }

    @Test func authRequestTrustsOnlyTheSSOsAnswer() async throws {
        let fixture = try Fixture(clients: 3, entries: 10, invoices: 1)
        let script = """
            import http.server
            class H(http.server.BaseHTTPRequestHandler):
                def do_GET(self):
                    user = None
                    for part in self.headers.get('Cookie', '').split(';'):
                        k, _, v = part.strip().partition('=')
                        if k == 'sso': user = v
                    if user:
                        self.send_response(200); self.send_header('X-Auth-Request-User', user); self.end_headers()
                    else:
                        self.send_response(401); self.end_headers()
                def log_message(self, *a): pass
            import os, sys, threading, time
            parent = os.getppid()
            def watchdog():
                # Exit with the test process (pyenv shims may leave this process outside terminate()'s reach).
                for _ in range(600):
                    time.sleep(0.2)
                    if os.getppid() != parent: os._exit(0)
                os._exit(0)
            threading.Thread(target=watchdog, daemon=True).start()
            s = http.server.HTTPServer(('127.0.0.1', 0), H)
            open(sys.argv[1], 'w').write(str(s.server_address[1]))
            s.serve_forever()
            """
        let scriptFile = fixture.folder.appendingPathComponent("sso.py").path
        let portFile = fixture.folder.appendingPathComponent("sso.port").path
        try script.write(toFile: scriptFile, atomically: true, encoding: .utf8)
        let sso = try ChildProcess(URL(fileURLWithPath: "/usr/bin/env"), ["python3", scriptFile, portFile], capture: false)
        defer { sso.signal() }
        // The file exists before Python has written the port into it: wait for the number.
        #expect(await eventually { (try? String(contentsOfFile: portFile, encoding: .utf8)).flatMap { Int($0) } != nil })
        let ssoPort = try #require(Int(try String(contentsOfFile: portFile, encoding: .utf8)))
        let nginxPort = NginxProcess.freePort()
        fixture.configuration.proxy.mode = "auth_request"
        fixture.configuration.proxy.listen = "127.0.0.1:\(nginxPort)"
        fixture.configuration.proxy.authURL = "http://127.0.0.1:\(ssoPort)/oauth2/auth"
        fixture.configuration.proxy.file = fixture.folder.appendingPathComponent("sso-nginx.conf").path
        try await fixture.build()
        let nginxConfig = NginxConfig(configuration: fixture.configuration)
        try nginxConfig.serverBlock(proxySecret: nil).write(to: nginxConfig.serverFile, atomically: true, encoding: .utf8)
        let nginx = try await NginxProcess(serverFile: nginxConfig.serverFile, port: nginxPort, folder: fixture.folder)
        defer { nginx.stop() }

        let signedInA = "Cookie: sso=client1"
        #expect(try await nginx.get("/", headers: [signedInA]).body.contains("Müller &amp; Söhne GmbH"))
        // Forged identity headers from the browser change nothing.
        let forged = try await nginx.get("/", headers: [signedInA, "X-Auth-Request-User: client2", "Authorization: Basic Y2xpZW50MjpwdzI="])
        #expect(forged.status == 200)
        #expect(forged.body.contains("Müller &amp; Söhne GmbH"))
        #expect(!forged.body.contains(Self.markerOfB))
        let anonymous = try await nginx.get("/", headers: ["X-Auth-Request-User: client2", "Authorization: Basic Y2xpZW50MjpwdzI="])
        #expect(anonymous.status == 302)
        #expect(!anonymous.body.contains(Self.markerOfB))
        #expect(try await nginx.get("/", headers: ["Cookie: sso=nobody"]).status == 403)
        #expect(try await nginx.get("/", headers: ["Cookie: sso=client2"]).body.contains(Self.markerOfB))
        // The SSO is asked to return to this site's own paths only: `/\\evil.example` is `//evil.example`
        // to a browser, and a raw `&` would add parameters to the sign-in URL.
        func returnTo(_ path: String) async throws -> String {
            let result = try await ChildProcess.run(
                URL(fileURLWithPath: "/usr/bin/curl"),
                ["--path-as-is", "-s", "-o", "/dev/null", "-w", "%{redirect_url}", "http://127.0.0.1:\(nginxPort)\(path)"])
            return result.stdout
        }
        #expect(try await returnTo("/invoices/12.html").hasSuffix("/oauth2/sign_in?rd=/invoices/12.html"))
        for hostile in ["/\\evil.example", "//evil.example/", "/%5Cevil.example", "/x?a=1&rd=https://evil.example", "/\\/evil.example"] {
            let location = try await returnTo(hostile)
            #expect(location.hasSuffix("/oauth2/sign_in?rd=/"), "\(hostile) → \(location)")
        }
    }
}

/// The login map survives real logins: `nginx -t` accepts it with long e-mail logins, logins named like
/// map keywords, case twins and 5,000 logins (it used to fail, and nginx then kept the old map).
@Suite(.enabled(if: NginxProcess.available)) struct LoginMapTests {
    func nginxAccepts(_ logins: PortalLogins) async throws -> (Bool, String) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("portalgen-map-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("logs"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let map = folder.appendingPathComponent("users.map")
        try logins.nginxMap(variable: "$remote_user").write(to: map, atomically: true, encoding: .utf8)
        let conf = folder.appendingPathComponent("nginx.conf")
        try """
        pid \(folder.path)/nginx.pid;
        error_log \(folder.path)/logs/error.log;
        events { worker_connections 16; }
        http {
            include \(map.path);
            server { listen 127.0.0.1:\(NginxProcess.freePort()); location / { return 200 $portalgen_slug; } }
        }
        """.write(to: conf, atomically: true, encoding: .utf8)
        let check = try await ChildProcess.run(URL(fileURLWithPath: NginxProcess.binary), ["-t", "-q", "-p", folder.path, "-c", conf.path])
        return (check.status == 0, check.stderr)
    }

    @Test func realLoginsPassNginxTest() async throws {
        let slugs: [Int64: String] = [1: "acme", 2: "beta"]
        let long = "firstname.middlename.lastname.department@subsidiary.example-corporation.com"
        let cases: [(String, [(String, Int64)])] = [
            ("a 75-character e-mail login", [(long, 1)]),
            ("logins named default and include", [("default", 1), ("include", 2), ("hostnames", 1), ("volatile", 2)]),
            ("two logins differing only in case, one client", [("Anna.Rossi", 1), ("anna.rossi", 1)]),
            ("two logins differing only in case, two clients", [("Marco", 1), ("marco", 2), ("other", 2)]),
            ("5,000 logins", (0..<5000).map { ("user\($0)@clients.example.com", Int64($0 % 2 + 1)) }),
        ]
        for (what, pairs) in cases {
            let logins = PortalLogins.make(pairs, slugs: slugs)
            let (ok, errors) = try await nginxAccepts(logins)
            #expect(ok, "\(what): \(errors)")
        }
        // Case twins of two clients get neither; of one client, one entry.
        let twins = PortalLogins.make([("Marco", 1), ("marco", 2), ("Anna", 1), ("ANNA", 1)], slugs: slugs)
        #expect(twins.map.map(\.login) == ["anna"])
        #expect(twins.rejected == ["marco"])
    }
}

/// The generated nginx config against the real nginx: dotfiles are never served whatever their extension,
/// a `$` in the proxy secret reaches the daemon intact, and the browser's credentials do not.
@Suite(.serialized, .enabled(if: NginxProcess.available)) struct ProxyHardeningTests {
    @Test func dotfilesSecretsAndCredentials() async throws {
        let fixture = try Fixture(clients: 2, entries: 10, invoices: 1)
        try await fixture.build()
        let upstream = RecordingUpstream()
        upstream.start()
        let nginxPort = NginxProcess.freePort()
        var configuration = fixture.configuration
        configuration.server.port = upstream.port
        configuration.proxy.mode = "basic"
        configuration.proxy.listen = "127.0.0.1:\(nginxPort)"
        configuration.proxy.file = fixture.folder.appendingPathComponent("portal-nginx.conf").path
        configuration.proxy.htpasswd = fixture.folder.appendingPathComponent("htpasswd").path
        let hash = try await ChildProcess.run(URL(fileURLWithPath: "/usr/bin/openssl"), ["passwd", "-apr1", "pw-a"]).stdout.trimmingCharacters(
            in: .whitespacesAndNewlines)
        try "client1:\(hash)\n".write(toFile: configuration.proxy.htpasswd, atomically: true, encoding: .utf8)
        chmod(configuration.proxy.htpasswd, 0o644)
        let nginxConfig = NginxConfig(configuration: configuration)
        try nginxConfig.writeMap(PortalLogins.make([("client1", 1)], slugs: [1: "mueller-soehne-gmbh"]))
        let secret = "pa$$word$portalgen_slug\"x"
        try nginxConfig.serverBlock(proxySecret: secret).write(to: nginxConfig.serverFile, atomically: true, encoding: .utf8)
        let nginx = try await NginxProcess(serverFile: nginxConfig.serverFile, port: nginxPort, folder: fixture.folder)
        defer { nginx.stop() }

        let site = fixture.site("mueller-soehne-gmbh").resolvingSymlinksInPath()
        for name in [".secret.css", ".env.js", "assets/.hidden.png", ".git.ico"] {
            try "private".write(to: site.appendingPathComponent(name), atomically: true, encoding: .utf8)
            let response = try await nginx.get("/\(name)", user: "client1:pw-a")
            #expect(response.status == 404 && !response.body.contains("private"), "/\(name) → \(response.status)")
        }
        #expect(try await nginx.get("/assets/portal.css", user: "client1:pw-a").status == 200)

        _ = try await nginx.get("/live", user: "client1:pw-a", headers: ["Cookie: _oauth2_proxy=session-secret"])
        #expect(upstream.wait())
        let request = upstream.request.lowercased()
        #expect(request.hasPrefix("get /live/mueller-soehne-gmbh "), "\(upstream.request)")
        #expect(upstream.request.contains("X-Portalgen-Secret: \(secret)"), "\(upstream.request)")
        #expect(!request.contains("authorization:") && !request.contains("cookie:"), "\(upstream.request)")
    }
}

/// A one-shot HTTP listener that records the request it gets and answers 200.
final class RecordingUpstream: @unchecked Sendable {
    let port: Int
    private let fd: Int32
    private(set) var request = ""
    private let done = DispatchSemaphore(value: 0)

    init() {
        (fd, port) = LoopbackPort.bound()
        listen(fd, 4)
    }

    /// Accepts one connection on a thread of its own.
    func start() {
        Thread {
            let client = accept(self.fd, nil, nil)
            var buffer = [UInt8](repeating: 0, count: 65536)
            var text = ""
            while !text.contains("\r\n\r\n") {
                let count = read(client, &buffer, buffer.count)
                if count <= 0 { break }
                text += String(decoding: buffer[0..<count], as: UTF8.self)
            }
            self.request = text
            let answer = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nContent-Length: 3\r\nConnection: close\r\n\r\nok\n"
            _ = answer.withCString { write(client, $0, strlen($0)) }
            close(client)
            self.done.signal()
        }.start()
    }

    func wait() -> Bool { done.wait(timeout: .now() + 10) == .success }
    deinit { close(fd) }
}

/// One login cannot hold more `/live` streams than `proxy.liveConnectionsPerLogin`: with 2 allowed, the third
/// gets 503 while another client's stream still opens.
@Suite(.serialized, .enabled(if: NginxProcess.available)) struct LiveLimitTests {
    @Test func oneLoginCannotHoldEveryConnection() async throws {
        let fixture = try Fixture(clients: 3, entries: 10, invoices: 1)
        let nginxPort = NginxProcess.freePort()
        let config = try fixture.writeConfig(extra: [
            "server": ["port": 0],
            "proxy": [
                "mode": "basic", "listen": nginxPort, "htpasswd": fixture.folder.appendingPathComponent("htpasswd").path,
                "file": fixture.folder.appendingPathComponent("portal-nginx.conf").path, "liveConnectionsPerLogin": 2,
            ],
        ])
        let daemon = try await DaemonProcess(config: config)
        defer { daemon.stop() }
        #expect(await eventually { daemon.logText.contains("build finished") })
        var lines: [String] = []
        for (user, password) in [("client1", "pw-a"), ("portal.client2", "pw-b")] {
            let hash = try await ChildProcess.run(URL(fileURLWithPath: "/usr/bin/openssl"), ["passwd", "-apr1", password]).stdout.trimmingCharacters(
                in: .whitespacesAndNewlines)
            lines.append("\(user):\(hash)")
        }
        try (lines.joined(separator: "\n") + "\n").write(toFile: fixture.folder.appendingPathComponent("htpasswd").path, atomically: true, encoding: .utf8)
        chmod(fixture.folder.appendingPathComponent("htpasswd").path, 0o644)
        var configuration = try PortalConfiguration.load(from: URL(fileURLWithPath: config))
        configuration.server.port = daemon.port
        let nginxConfig = NginxConfig(configuration: configuration)
        try nginxConfig.serverBlock(proxySecret: nil).write(to: nginxConfig.serverFile, atomically: true, encoding: .utf8)
        let nginx = try await NginxProcess(serverFile: nginxConfig.serverFile, port: nginxPort, folder: fixture.folder)
        defer { nginx.stop() }

        // Two streams of client1 stay open (curl gives up after 60 s: long enough that a loaded CI machine still
        // asks for the third while they are held; at 8 s, then 20 s, they had ended first); a third is refused at once.
        let held = (0..<2).map { _ in Task { try await nginx.get("/live", user: "client1:pw-a", maxTime: 60) } }
        // Wait until the daemon holds both streams (its gauge), however busy the machine is.
        let both = await eventually(45) {
            let metrics = try? await ChildProcess.run(URL(fileURLWithPath: "/usr/bin/curl"), ["-s", "\(daemon.base)/metrics"])
            return metrics?.stdout.split(separator: "\n").contains {
                $0.hasPrefix("portalgen_live_connections") && ($0.hasSuffix(" 2.0") || $0.hasSuffix(" 2"))
            } ?? false
        }
        #expect(both, "the daemon never saw two streams")
        let third = try await nginx.get("/live", user: "client1:pw-a", maxTime: 2)
        let other = try await nginx.get("/live", user: "portal.client2:pw-b", maxTime: 1)
        #expect(third.status == 503, "third stream of one login: \(third.status)")
        #expect(other.body.contains("event: hello"), "another login's stream: \(other.status) \(other.body)")
        for task in held { _ = try? await task.value }
    }
}

/// What nginx sends: the right type for every file portalgen writes (CSV as UTF-8 text, so spreadsheets
/// read it), an icon at /favicon.ico, and HTTPS with HTTP/2 when a certificate is configured (basic-auth
/// passwords then never cross the network in clear, and open tabs share one connection).
@Suite(.serialized, .enabled(if: NginxProcess.available)) struct ProxyServingTests {
    @Test func typesFaviconAndHTTPSWithHTTP2() async throws {
        let fixture = try Fixture(clients: 2, entries: 10, invoices: 1)
        try await fixture.build()
        let key = fixture.folder.appendingPathComponent("portal.key").path
        let certificate = fixture.folder.appendingPathComponent("portal.crt").path
        let made = try await ChildProcess.run(
            URL(fileURLWithPath: "/usr/bin/openssl"),
            ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", certificate, "-days", "2", "-subj", "/CN=127.0.0.1"])
        #expect(made.status == 0, "\(made.stderr)")
        for file in [key, certificate] { chmod(file, 0o644) }
        let nginxPort = NginxProcess.freePort()
        var configuration = fixture.configuration
        configuration.proxy.listen = "127.0.0.1:\(nginxPort)"
        configuration.proxy.certificate = certificate
        configuration.proxy.certificateKey = key
        configuration.proxy.file = fixture.folder.appendingPathComponent("portal-nginx.conf").path
        configuration.proxy.htpasswd = fixture.folder.appendingPathComponent("htpasswd").path
        try await NginxProcess.writeHtpasswd(configuration.proxy.htpasswd, [("client1", "pw-a")])
        let nginxConfig = NginxConfig(configuration: configuration)
        try nginxConfig.writeMap(PortalLogins.make([("client1", 1)], slugs: [1: "mueller-soehne-gmbh"]))
        try nginxConfig.serverBlock(proxySecret: nil).write(to: nginxConfig.serverFile, atomically: true, encoding: .utf8)
        let nginx = try await NginxProcess(serverFile: nginxConfig.serverFile, port: nginxPort, folder: fixture.folder, tls: true)
        defer { nginx.stop() }

        func head(_ path: String) async throws -> (version: String, status: String, type: String, hsts: Bool, raw: String) {
            let result = try await ChildProcess.run(
                URL(fileURLWithPath: "/usr/bin/curl"),
                [
                    "-sk", "--http2", "-o", "/dev/null", "-D", "-", "-u", "client1:pw-a", "-w", "%{http_version} %{http_code}",
                    "https://127.0.0.1:\(nginxPort)\(path)",
                ])
            // "\r\n" is one Character in Swift: split on newlines, not on "\n".
            let lines = result.stdout.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
            let type = lines.first { $0.lowercased().hasPrefix("content-type:") }.map { String($0.dropFirst(13)).trimmingCharacters(in: .whitespaces) } ?? ""
            let last = (lines.last ?? "").split(separator: " ")
            return (
                String(last.first ?? ""), String(last.last ?? ""), type, lines.contains { $0.lowercased().hasPrefix("strict-transport-security:") },
                result.stdout + result.stderr
            )
        }
        let home = try await head("/")
        #expect(home.version == "2" && home.status == "200", "\(home)")
        #expect(home.type == "text/html; charset=utf-8" && home.hsts, "\(home)")
        #expect(try await head("/time-entries/time-entries.csv").type == "text/csv; charset=utf-8")
        #expect(try await head("/assets/portal.css").type == "text/css; charset=utf-8")
        #expect(try await head("/assets/live.js").type == "text/javascript; charset=utf-8")
        let icon = try await head("/favicon.ico")
        #expect(icon.status == "200" && icon.type == "image/x-icon", "\(icon)")
        #expect(try await head("/assets/favicon.svg").type == "image/svg+xml; charset=utf-8")

        // The same as Chromium sees it: HTTP/2 over TLS, the CSV's type, an icon for the tab.
        guard Browser.available else { return }
        let browser = try await Browser()
        do {
            try await browser.open("https://client1:pw-a@127.0.0.1:\(nginxPort)/")
            let seen =
                try await browser.runAsync(
                    """
                    const done = arguments[arguments.length - 1];
                    const protocol = performance.getEntriesByType('navigation')[0].nextHopProtocol;
                    Promise.all([fetch(location.origin + '/time-entries/time-entries.csv'), fetch(location.origin + '/favicon.ico')])
                      .then(([csv, icon]) => done([protocol, csv.headers.get('content-type'), String(icon.status), document.querySelector('link[rel=icon]') ? 'linked' : 'none']))
                      .catch(e => done(['error ' + e]));
                    """) as? [String]
            #expect(seen == ["h2", "text/csv; charset=utf-8", "200", "linked"], "\(seen ?? [])")
        } catch {
            await browser.close()
            throw error
        }
        await browser.close()
    }

    /// Uploaded documents and e-invoices are downloads: an uploaded page that loads an uploaded script runs
    /// nothing on the portal's origin, whatever its name says; pages may post forms only to the portal.
    @Test func uploadedDocumentsAreDownloadsNeverPages() async throws {
        let fixture = try Fixture(clients: 2, entries: 10, invoices: 2)
        let uploads = fixture.folder.appendingPathComponent("static/uploads")
        try FileManager.default.createDirectory(at: uploads, withIntermediateDirectories: true)
        let files = [
            ("evil.html", "<!DOCTYPE html><title>x</title><script src=\"evil.js\"></script><form action=\"https://evil.example/\"></form>"),
            ("evil.js", "localStorage.setItem('pwned', '1');"),
            ("drawing.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"localStorage.setItem('svg','1')\"/>"),
            ("report.pdf", "%PDF-1.4 not really"),
        ]
        try await fixture.database().write { db in
            let client = try #require(try Int64.fetchOne(db, sql: "SELECT id FROM clients WHERE name LIKE 'M%ller%'"))
            for (name, content) in files {
                try Data(content.utf8).write(to: uploads.appendingPathComponent(name))
                try db.execute(
                    sql: """
                        INSERT INTO client_attachments (client_id, filename, original_filename, file_path, file_size, is_visible_to_client, uploaded_by, uploaded_at)
                        VALUES (?, ?, ?, ?, ?, 1, 1, '2026-11-19 10:00:00')
                        """, arguments: [client, name, name, "uploads/" + name, content.utf8.count])
            }
        }
        let stack = try await PortalStack(fixture: fixture, config: ["uploads": fixture.folder.appendingPathComponent("static").path])
        defer { stack.stop() }
        let slug = "mueller-soehne-gmbh"
        let copies = fixture.files(slug).filter { $0.hasPrefix("documents/files/") }
        #expect(copies.count == 4, "\(copies)")
        #expect(!copies.contains { $0.hasSuffix(".html") || $0.hasSuffix(".js") || $0.hasSuffix(".svg") }, "\(copies)")

        func headers(_ path: String) async throws -> [String: String] {
            try await NginxProcess.response(["-u", "client1:pw-a", "http://127.0.0.1:\(stack.nginxPort)\(path)"]).headers
        }
        for copy in copies {
            let path = "/" + copy.split(separator: "/").map { DocumentsPage.percentEncoded(String($0)) }.joined(separator: "/")
            let fields = try await headers(path)
            #expect(fields["content-disposition"] == "attachment", "\(copy): \(fields)")
            #expect(fields["content-security-policy"]?.hasPrefix("sandbox") == true, "\(copy): \(fields)")
            #expect(fields["x-content-type-options"] == "nosniff")
            let type = fields["content-type"] ?? ""
            #expect(copy.hasSuffix(".pdf") ? type.hasPrefix("application/pdf") : type == "application/octet-stream", "\(copy): \(type)")
        }
        let xml = try #require(fixture.files(slug).first { $0.hasPrefix("invoices/") && $0.hasSuffix(".xml") })
        #expect(try await headers("/" + xml)["content-disposition"] == "attachment")
        let page = try await headers("/index.html")
        let policy = page["content-security-policy"] ?? ""
        #expect(policy.contains("form-action 'self'") && policy.contains("base-uri 'none'"), "\(policy)")

        guard Browser.available else { return }
        let browser = try await Browser()
        do {
            try await browser.open(stack.url())
            for copy in copies {
                let path = copy.split(separator: "/").map { DocumentsPage.percentEncoded(String($0)) }.joined(separator: "/")
                _ = try? await browser.open(stack.url(path))
            }
            try await browser.open(stack.url("documents/index.html"))
            let stored = try await browser.run("return [localStorage.getItem('pwned'), localStorage.getItem('svg'), document.title]") as? [Any]
            #expect(stored?.first is NSNull && stored?[1] is NSNull, "\(stored ?? [])")
        } catch {
            await browser.close()
            throw error
        }
        await browser.close()
    }

    /// The README's nginx.conf, with the server block `proxy-config` writes for each sign-in mode, passes
    /// `nginx -t` without a single warning (a duplicate MIME type warned on every reload; the README once put
    /// `worker_shutdown_timeout` where nginx refuses it).
    @Test func theReadmesNginxConfPassesNginxTest() async throws {
        let readme = try String(contentsOf: Fixture.packageRoot.appendingPathComponent("README.md"), encoding: .utf8)
        let blocks = readme.components(separatedBy: "```nginx\n").dropFirst().map { $0.components(separatedBy: "```")[0] }
        let main = try #require(blocks.first { $0.hasPrefix("# /etc/nginx/nginx.conf") }, "the README's nginx.conf block")
        let fixture = try Fixture(clients: 2, entries: 5, invoices: 1)
        try await fixture.build()
        for mode in ["timetracker", "basic", "auth_request"] {
            var configuration = fixture.configuration
            configuration.proxy.mode = mode
            configuration.proxy.authCache = fixture.folder.appendingPathComponent("auth-cache").path
            configuration.proxy.file = fixture.folder.appendingPathComponent("portal-\(mode).conf").path
            let nginx = NginxConfig(configuration: configuration)
            if mode != "timetracker" { try nginx.writeMap(PortalLogins.make([("client1", 1)], slugs: [1: "mueller-soehne-gmbh"])) }
            try nginx.serverBlock(proxySecret: "s3cret$").write(to: nginx.serverFile, atomically: true, encoding: .utf8)
            let prefix = fixture.folder.appendingPathComponent("nginx-\(mode)")
            try FileManager.default.createDirectory(at: prefix.appendingPathComponent("logs"), withIntermediateDirectories: true)
            let conf =
                "pid \(prefix.path)/nginx.pid;\nerror_log \(prefix.path)/logs/error.log;\n"
                + main.replacingOccurrences(of: "/etc/portalgen/portalgen-nginx.conf", with: nginx.serverFile.path)
            let file = prefix.appendingPathComponent("nginx.conf")
            try conf.write(to: file, atomically: true, encoding: .utf8)
            let checked = try await ChildProcess.run(URL(fileURLWithPath: NginxProcess.binary), ["-t", "-p", prefix.path, "-c", file.path])
            #expect(checked.status == 0, "\(mode): \(checked.stderr)")
            #expect(!checked.stderr.contains("[warn]") && !checked.stderr.contains("[emerg]"), "\(mode): \(checked.stderr)")
        }
    }
}

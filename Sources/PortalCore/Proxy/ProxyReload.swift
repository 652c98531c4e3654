import Foundation

/// Runs `proxy.reloadCommand` (e.g. `nginx -s reload`) after the login map changed, so a revoked login or
/// a retired client stops being served at once rather than at the proxy's next reload.
package enum ProxyReload {
    /// Runs `command` through `/bin/sh -c`; nil when it succeeded, else what went wrong, as advice.
    package static func run(_ command: String, timeout: Duration = .seconds(30)) async -> String? {
        do {
            return try await BackgroundThread.run { () -> String? in
                let errors = FileManager.default.temporaryDirectory.appendingPathComponent("portalgen-reload-\(UUID().uuidString).err")
                defer { try? FileManager.default.removeItem(at: errors) }
                let process = try SpawnedProcess("/bin/sh", ["-c", command], stderr: .file(errors.path))
                guard let status = process.waitBlocking(timeout: timeout) else {
                    process.signal()
                    return
                        "proxy.reloadCommand `\(command)` did not finish within \(timeout.components.seconds) s and was stopped; nginx may still serve the previous login map"
                }
                let stderr = ((try? String(contentsOf: errors, encoding: .utf8)) ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
                guard status == 0 else {
                    let detail = stderr.isEmpty ? "" : ": \(stderr.split(separator: "\n").suffix(3).joined(separator: " | "))"
                    return "proxy.reloadCommand `\(command)` exited with status \(status)\(detail); nginx still serves the previous login map until it reloads"
                }
                return nil
            }
        } catch {
            return "proxy.reloadCommand `\(command)` could not be started (\(error)); nginx still serves the previous login map until it reloads"
        }
    }
}

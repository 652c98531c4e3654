import Foundation

/// Runs `proxy.reloadCommand` (e.g. `nginx -s reload`) after the login map changed, so a revoked login or
/// a retired client stops being served at once rather than at the proxy's next reload.
package enum ProxyReload {
    /// Runs `command` through `/bin/sh -c`; nil when it succeeded, else what went wrong, as advice.
    package static func run(_ command: String, timeout: Duration = .seconds(30)) async -> String? {
        do {
            return try await BackgroundThread.run { () -> String? in
                let process = Process()
                process.executableURL = URL(fileURLWithPath: "/bin/sh")
                process.arguments = ["-c", command]
                let errors = Pipe()
                process.standardOutput = FileHandle.nullDevice
                process.standardError = errors
                process.standardInput = FileHandle.nullDevice
                let done = DispatchSemaphore(value: 0)
                process.terminationHandler = { _ in done.signal() }
                try process.run()
                let seconds = Double(timeout.components.seconds)
                if done.wait(timeout: .now() + seconds) == .timedOut {
                    process.terminate()
                    return
                        "proxy.reloadCommand `\(command)` did not finish within \(Int(seconds)) s and was stopped; nginx may still serve the previous login map"
                }
                let stderr = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
                    .trimmingCharacters(in: .whitespacesAndNewlines)
                guard process.terminationStatus == 0 else {
                    let detail = stderr.isEmpty ? "" : ": \(stderr.split(separator: "\n").suffix(3).joined(separator: " | "))"
                    return
                        "proxy.reloadCommand `\(command)` exited with status \(process.terminationStatus)\(detail); nginx still serves the previous login map until it reloads"
                }
                return nil
            }
        } catch {
            return "proxy.reloadCommand `\(command)` could not be started (\(error)); nginx still serves the previous login map until it reloads"
        }
    }
}

import ArgumentParser
import Foundation
import PortalCore

/// `--config`, shared by every command that reads the configuration.
struct ConfigOptions: ParsableArguments {
    @Option(name: .shortAndLong, help: "The configuration file.")
    var config: String = "config.json"

    /// Whether the configuration file exists.
    var exists: Bool { FileManager.default.fileExists(atPath: config) }

    func load() throws -> PortalConfiguration {
        do {
            return try PortalConfiguration.load(from: URL(fileURLWithPath: config).standardizedFileURL)
        } catch let error as ConfigurationError {
            throw ValidationError(error.description)
        }
    }
}

/// What keeps a command from doing what was asked, and what to do about it: swift-argument-parser prints it as
/// `Error: …` and exits 1.
struct CommandError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// Writes a line to standard error.
func printError(_ message: String) {
    FileHandle.standardError.write(Data((message + "\n").utf8))
}

/// Whether standard error is a terminal (progress display) or a log (quiet lines).
let stderrIsTerminal = isatty(FileHandle.standardError.fileDescriptor) != 0

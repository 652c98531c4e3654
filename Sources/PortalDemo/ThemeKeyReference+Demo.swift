import Foundation
import PortalCore

extension ThemeKeyReference {
    /// The reference made from a small demo database of a fixed day, so it changes only when the page models do.
    package static func markdown() throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("portalgen-keys-demo-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        var options = DemoOptions()
        options.clients = 6
        options.entriesPerClient = 40
        options.invoicesPerClient = 4
        options.now = LocalDateTime(text: "2026-11-20 16:45:12")!
        let database = folder.appendingPathComponent("timetracker.sqlite")
        try DemoGenerator(options: options).write(to: database.path)
        return try markdown(of: database, today: CalendarDate(iso: "2026-11-20")!)
    }
}

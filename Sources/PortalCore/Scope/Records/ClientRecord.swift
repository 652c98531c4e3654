import Foundation

/// A client as TimeTracker stores it (only the columns a portal may show or needs).
package struct ClientRecord: Sendable, Hashable {
    package var id: Int64
    package var name: String
    package var status: String
    package var email: String?
    package var address: String?
    var portalIssuesEnabled: Bool
    /// The rate TimeTracker bills the client's projects at when neither an override nor the project sets one.
    var defaultHourlyRate: Decimal?

    static let columns = ["id", "name", "status", "email", "address", "portal_issues_enabled", "default_hourly_rate"]

    init(_ r: inout RowReader) throws {
        id = try r.int("id")
        name = try r.text("name")
        status = try r.text("status")
        email = r.nonEmptyText("email")
        address = r.nonEmptyText("address")
        portalIssuesEnabled = r.bool("portal_issues_enabled")
        defaultHourlyRate = try r.optionalMoney("default_hourly_rate")
    }
}

/// A client as TimeTracker stores it (only the columns a portal may show or needs).
public struct ClientRecord: Sendable, Hashable {
    public var id: Int64
    public var name: String
    public var status: String
    public var email: String?
    public var address: String?
    public var portalIssuesEnabled: Bool

    static let columns = ["id", "name", "status", "email", "address", "portal_issues_enabled"]

    init(_ r: inout RowReader) throws {
        id = try r.int("id")
        name = try r.text("name")
        status = try r.text("status")
        email = r.nonEmptyText("email")
        address = r.nonEmptyText("address")
        portalIssuesEnabled = r.bool("portal_issues_enabled")
    }
}

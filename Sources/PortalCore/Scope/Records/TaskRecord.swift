/// A task of an active project; the portal shows counts per status only.
public struct TaskRecord: Sendable, Hashable {
    public var id: Int64
    public var projectID: Int64
    public var name: String
    public var status: String

    static let columns = ["id", "project_id", "name", "status"]

    init(_ r: inout RowReader) throws {
        id = try r.int("id")
        projectID = try r.int("project_id")
        name = try r.text("name")
        status = r.nonEmptyText("status") ?? "todo"
    }
}

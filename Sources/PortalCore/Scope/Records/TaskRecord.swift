/// A task of an active project; the portal shows counts per status only.
package struct TaskRecord: Sendable, Hashable {
    package var id: Int64
    package var projectID: Int64
    package var name: String
    package var status: String

    static let columns = ["id", "project_id", "name", "status"]

    init(_ r: inout RowReader) throws {
        id = try r.int("id")
        projectID = try r.int("project_id")
        name = try r.text("name")
        status = r.nonEmptyText("status") ?? "todo"
    }
}

import Foundation

/// A staff user or a client contact, reduced to what a portal prints as a name.
package struct PersonRecord: Sendable, Hashable {
    package var id: Int64
    var displayName: String

    init(user r: inout RowReader) throws {
        id = try r.int("id")
        let username = r.nonEmptyText("username")
        let fullName = r.nonEmptyText("full_name")
        displayName = fullName ?? username ?? "N/A"
    }

    init(contact r: inout RowReader) throws {
        id = try r.int("id")
        let first = r.optionalText("first_name") ?? ""
        let last = r.optionalText("last_name") ?? ""
        let email = r.nonEmptyText("email")
        let name = "\(first) \(last)".trimmingCharacters(in: .whitespaces)
        displayName = name.isEmpty ? (email ?? "Unknown") : name
    }
}

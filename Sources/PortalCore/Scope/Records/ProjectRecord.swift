import Foundation

/// A project of the client. `isActive` decides whether it shows on Projects, Time entries and Reports.
package struct ProjectRecord: Sendable, Hashable {
    package var id: Int64
    package var name: String
    package var status: String
    package var description: String?
    package var billable: Bool
    var hourlyRate: Decimal?
    var estimatedHours: Double?
    var budgetAmount: Decimal?

    package var isActive: Bool { status == "active" }

    static let columns = ["id", "name", "status", "description", "billable", "hourly_rate", "estimated_hours", "budget_amount"]

    init(_ r: inout RowReader) throws {
        id = try r.int("id")
        name = try r.text("name")
        status = try r.text("status")
        description = r.nonEmptyText("description")
        billable = r.bool("billable")
        hourlyRate = try r.optionalMoney("hourly_rate")
        estimatedHours = try r.optionalDouble("estimated_hours")
        budgetAmount = try r.optionalMoney("budget_amount")
    }
}

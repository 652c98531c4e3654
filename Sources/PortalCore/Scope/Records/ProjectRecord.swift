import Foundation

/// A project of the client. `isActive` decides whether it shows on Projects, Time entries and Reports.
public struct ProjectRecord: Sendable, Hashable {
    public var id: Int64
    public var name: String
    public var status: String
    public var description: String?
    public var billable: Bool
    public var hourlyRate: Decimal?
    public var estimatedHours: Double?
    public var budgetAmount: Decimal?

    public var isActive: Bool { status == "active" }

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

import Foundation

/// The figures of the client's work not yet invoiced (``UnbilledWork``): per project, in the client's project
/// order, then time booked straight to the client, each line's hours as every page counts them and its amount
/// as TimeTracker prices it (`duration_seconds / 3600 × rate`, unrounded, the total rounded half to even to the
/// cent as its `quantize` does, each line likewise). Time without a project has no rate: TimeTracker will not
/// invoice it until it is on one.
struct UnbilledFigures {
    struct Line {
        /// nil for time booked straight to the client.
        let projectID: Int64?
        let entries: Int
        let hours: Hours
        /// nil for time booked straight to the client.
        let rate: Decimal?
        /// The line's amount, rounded to the cent; nil without a rate.
        let amount: Decimal?
    }

    let lines: [Line]
    let entries: Int
    let hours: Hours
    /// Every line's unrounded amount summed, then rounded to the cent.
    let amount: Decimal
    /// Hours on draft invoices only.
    let draftHours: Hours

    init(_ work: UnbilledWork, projects: [ProjectRecord]) {
        var seconds: [Int64?: Int] = [:]
        var hours: [Int64?: Hours] = [:]
        var counts: [Int64?: Int] = [:]
        for entry in work.entries {
            seconds[entry.projectID, default: 0] += entry.seconds
            hours[entry.projectID, default: .zero] += entry.hours
            counts[entry.projectID, default: 0] += 1
        }
        var lines: [Line] = []
        var exact = Decimal(0)
        for id in projects.map({ Optional($0.id) }) + [nil] where counts[id] != nil {
            let rate = id.map { work.rates[$0] ?? 0 }
            let value = rate.map { Decimal(seconds[id]!) * $0 / 3600 }
            exact += value ?? 0
            lines.append(Line(projectID: id, entries: counts[id]!, hours: hours[id]!, rate: rate, amount: value.map { $0.rounded(2, .bankers) }))
        }
        self.lines = lines
        entries = work.entries.count
        self.hours = work.entries.reduce(Hours.zero) { $0 + $1.hours }
        amount = exact.rounded(2, .bankers)
        draftHours = work.onDrafts.reduce(Hours.zero) { $0 + $1.hours }
    }

    /// The line of project `id`, if it has work not yet invoiced.
    func line(project id: Int64) -> Line? { lines.first { $0.projectID == id } }
}

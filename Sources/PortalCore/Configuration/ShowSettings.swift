/// Details a consultancy may keep from its clients, or offer them beyond TimeTracker's portal (`show` in
/// `config.json`, config-wide and under a client, the client's keys winning). Hidden means absent from every
/// page, CSV, PDF and archive of the client, not merely unstyled. What TimeTracker's portal shows is shown
/// unless set to `false`; what it does not (work not yet invoiced, upcoming invoices) only when set to `true`.
package struct ShowSettings: Decodable, Sendable, Hashable {
    /// Who booked each time entry, wrote a comment, acted in the activity feed, requested an approval or is
    /// assigned an issue (a subcontractor, say). Hidden, the company's name stands in (else "Our team").
    package var staffNames: Bool?
    /// Projects' hourly rates, and the cost-against-budget bar that would give them away.
    package var rates: Bool?
    /// Time entries' tags.
    package var tags: Bool?
    /// Billable work TimeTracker has not invoiced yet: a "Not yet invoiced" section, on the dashboard and the
    /// project pages too. Off unless `true`: some consultancies do not want it shown.
    package var unbilled: Bool?
    /// The client's active recurring invoices with their next date (on the invoice list and the dashboard).
    /// Off unless `true`.
    package var upcoming: Bool?

    package init(staffNames: Bool? = nil, rates: Bool? = nil, tags: Bool? = nil, unbilled: Bool? = nil, upcoming: Bool? = nil) {
        self.staffNames = staffNames
        self.rates = rates
        self.tags = tags
        self.unbilled = unbilled
        self.upcoming = upcoming
    }

    enum CodingKeys: String, CodingKey, CaseIterable { case staffNames, rates, tags, unbilled, upcoming }

    package init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        staffNames = try c.decodeIfPresent(Bool.self, forKey: .staffNames)
        rates = try c.decodeIfPresent(Bool.self, forKey: .rates)
        tags = try c.decodeIfPresent(Bool.self, forKey: .tags)
        unbilled = try c.decodeIfPresent(Bool.self, forKey: .unbilled)
        upcoming = try c.decodeIfPresent(Bool.self, forKey: .upcoming)
    }

    /// What one client's pages show: its own settings over the configuration's, then the defaults.
    package static func decided(client: ShowSettings?, configuration: ShowSettings?) -> ShownDetails {
        ShownDetails(
            staffNames: client?.staffNames ?? configuration?.staffNames ?? true, rates: client?.rates ?? configuration?.rates ?? true,
            tags: client?.tags ?? configuration?.tags ?? true, unbilled: client?.unbilled ?? configuration?.unbilled ?? false,
            upcoming: client?.upcoming ?? configuration?.upcoming ?? false)
    }
}

/// What one client's pages show of the details ``ShowSettings`` governs, decided.
package struct ShownDetails: Sendable, Hashable, CustomStringConvertible {
    package var staffNames = true
    package var rates = true
    package var tags = true
    package var unbilled = false
    package var upcoming = false

    package init(staffNames: Bool = true, rates: Bool = true, tags: Bool = true, unbilled: Bool = false, upcoming: Bool = false) {
        self.staffNames = staffNames
        self.rates = rates
        self.tags = tags
        self.unbilled = unbilled
        self.upcoming = upcoming
    }

    /// Whether the client's snapshot needs its unbilled work read (upcoming invoices estimate from it).
    var readsBilling: Bool { unbilled || upcoming }

    /// For templates (`show.staffNames`, …) and input digests.
    var flags: [String: Bool] { ["staffNames": staffNames, "rates": rates, "tags": tags, "unbilled": unbilled, "upcoming": upcoming] }

    package var description: String { flags.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ",") }
}

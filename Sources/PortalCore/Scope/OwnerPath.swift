/// How a row `x` of an owned table reaches its client, as a typed path (GRDB's `belongsTo` in spirit): the
/// joins the path needs and the expression that is the owning client's id. ``OwnedTable`` names one per table,
/// and the scopes of ``ClientScope``, the aggregates of ``ClientFingerprint``, the lookups of ``NewRows`` and the
/// triggers of ``PostgresTriggers`` all take their joins from it, so no join to an owner is spelled twice.
///
/// The joined tables keep one alias each wherever they appear: `p` a project, `v` an invoice, `q` a quote,
/// `t` a time entry (the visibility rules of ``OwnedTable`` are written over them).
enum OwnerPath: Sendable {
    /// The row names its client itself: `x.client_id`, or `x.id` for `clients`.
    case column(String)
    /// Through the project it names (`x.project_id`).
    case project
    /// Through the invoice it names (`x.invoice_id`).
    case invoice
    /// Through the quote it names (`x.quote_id`).
    case quote
    /// A time entry: its project's client, or the client it is booked to straight (`project_id IS NULL`).
    case timeEntry
    /// An activity about a project (`entity_type = 'project'`), through that project.
    case activityOnProject
    /// An activity about a time entry (`entity_type = 'time_entry'`), through the entry's project.
    case activityOnEntry

    /// The `FROM` clause, starting `<table> x`.
    func from(_ table: String) -> String {
        switch self {
        case .column: "\(table) x"
        case .project: "\(table) x JOIN projects p ON p.id = x.project_id"
        case .invoice: "\(table) x JOIN invoices v ON v.id = x.invoice_id"
        case .quote: "\(table) x JOIN quotes q ON q.id = x.quote_id"
        case .timeEntry: "\(table) x LEFT JOIN projects p ON p.id = x.project_id"
        case .activityOnProject: "\(table) x JOIN projects p ON x.entity_type = 'project' AND p.id = x.entity_id"
        case .activityOnEntry:
            "\(table) x JOIN time_entries t ON x.entity_type = 'time_entry' AND t.id = x.entity_id JOIN projects p ON p.id = t.project_id"
        }
    }

    /// The owning client's id over `x` and the joins of ``from(_:)``.
    func client(_ schema: TimeTrackerSchema) -> String {
        switch self {
        case .column(let column): "x.\(column)"
        case .project, .activityOnProject, .activityOnEntry: "p.client_id"
        case .invoice: "v.client_id"
        case .quote: "q.client_id"
        case .timeEntry: Self.entryClient(schema, entry: "x")
        }
    }

    /// A time entry's client over the entry `entry` and its project `p` (joined on `p.id = <entry>.project_id`):
    /// the project's, or, for an entry booked straight to a client, the entry's own.
    static func entryClient(_ schema: TimeTrackerSchema, entry: String) -> String {
        schema.has("time_entries", "client_id") ? "COALESCE(p.client_id, \(entry).client_id)" : "p.client_id"
    }
}

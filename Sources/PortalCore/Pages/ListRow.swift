/// One row of a list a theme repeats (`{{#timeEntries}}…{{/timeEntries}}`): its fields, declared once.
///
/// Page models put lists of rows into a page's context, as `[ListRow]` or as `[[String: Any]]`; the renderer
/// derives from the fields both the row's context for Mustache and its shape for the stencils, so a
/// million time entries are rendered without building a dictionary for each (see ``RowSections``).
package struct ListRow {
    struct Field {
        let name: String
        let value: ListValue
    }

    /// Sorted by name, each name once: the order in which a context's shape is walked.
    private(set) var fields: [Field]
    /// What the row shows, when it is listed on several pages of a site with the same fields (a time entry on
    /// its month's and its project's page): the renderer then renders it once per site.
    var id: Int64? = nil

    /// A row of these fields; a nil value leaves its field out (absent, as Mustache sees it).
    init(id: Int64? = nil, _ fields: KeyValuePairs<String, ListValue?>) {
        var kept: [Field] = []
        kept.reserveCapacity(fields.count)
        for (name, value) in fields { if let value { kept.append(Field(name: name, value: value)) } }
        self.init(sorting: kept)
        self.id = id
    }

    private init(sorting fields: [Field]) {
        var fields = fields
        if !fields.indices.dropFirst().allSatisfy({ fields[$0 - 1].name < fields[$0].name }) {
            fields.sort { $0.name < $1.name }
        }
        self.fields = fields
    }

    /// The row as a Mustache context.
    var context: [String: Any] {
        var context: [String: Any] = [:]
        context.reserveCapacity(fields.count)
        for field in fields { context[field.name] = field.value.context }
        return context
    }

    /// The row with the values of `names` it lacks taken from `outer` (a page's context): what Mustache
    /// finds for a name inside a section, the row's own value first, then the page's.
    func filling(_ names: [String], from outer: [String: Any]) -> ListRow {
        var row = self
        for name in names where !row.fields.contains(where: { $0.name == name }) {
            guard let value = outer[name] else { continue }
            let index = row.fields.firstIndex { $0.name > name } ?? row.fields.count
            row.fields.insert(Field(name: name, value: ListValue(value)), at: index)
        }
        return row
    }
}

extension ListRow {
    /// Whether a context's list value has no rows.
    static func isEmpty(_ value: Any?) -> Bool {
        (value as? [ListRow])?.isEmpty ?? (value as? [[String: Any]])?.isEmpty ?? true
    }

    /// A context value as Mustache reads it: a list of rows as dictionaries, anything else as it is (rows
    /// are a page's own lists or inside rows, never inside a dictionary: see ``PageModel/context``).
    static func plain(_ value: Any) -> Any {
        (value as? [ListRow]).map { $0.map(\.context) } ?? value
    }

    /// `context` with its lists of rows turned into dictionaries, as Mustache reads them.
    static func plain(_ context: [String: Any]) -> [String: Any] {
        context.mapValues(plain)
    }
}

/// A field of a ``ListRow``.
package enum ListValue {
    case text(String)
    case flag(Bool)
    case list([ListRow])
    /// A number, a dictionary, or anything else Mustache reads as it is.
    case other(Any)

    /// A page context's value as a row value.
    init(_ value: Any) {
        switch value {
        case let text as String: self = .text(text)
        case let flag as Bool: self = .flag(flag)
        case let rows as [ListRow]: self = .list(rows)
        default: self = .other(value)
        }
    }

    /// The value as a Mustache context value.
    var context: Any {
        switch self {
        case .text(let text): text
        case .flag(let flag): flag
        case .list(let rows): rows.map(\.context)
        case .other(let value): value
        }
    }
}

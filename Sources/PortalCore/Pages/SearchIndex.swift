/// `search/index.js`: a client's search index, made from its own snapshot only, for the search page and the
/// list filters (`assets/search.js`). One script file rather than JSON, so it loads from disk (`file://`,
/// where `fetch` is refused) as well as through the proxy, under the pages' `script-src 'self'`.
///
/// The file calls `portalgenSearch({...})` with the client's ``SearchTable``s: for each, its label, its
/// column headings and its rows as arrays `[href, date, project, status, centi, cells…]`, plus how the
/// client's pages write hours (for the time-entry filter's total). Every string is JSON-escaped by Unicode
/// scalar; the script only ever sets them as text (`textContent`), never as markup.
///
/// Why not Pagefind: its index is of pages, and the filters need rows (an entry's date, project and status
/// across every month page); it needs WebAssembly (`'wasm-unsafe-eval'` in the pages' policy) and a
/// fetch, so it does not work from disk; and it is one more program to install and run per client. The
/// rows here are what the pages already show, written in the same pass.
enum SearchIndex {
    static let path = "search/index.js"

    /// The tables of the sections the client has.
    static func tables(_ site: SiteContext) -> [SearchTable] {
        var tables: [SearchTable] = []
        if PageKind.projects.isShown(in: site) { tables.append(.projects(site)) }
        if PageKind.invoices.isShown(in: site) { tables += [.invoices(site), .payments(site), .statement(site)] }
        if PageKind.quotes.isShown(in: site) { tables.append(.quotes(site)) }
        if PageKind.timeEntries.isShown(in: site) { tables.append(.timeEntries(site)) }
        if PageKind.issues.isShown(in: site) { tables.append(.issues(site)) }
        if PageKind.documents.isShown(in: site) { tables.append(.documents(site)) }
        return tables
    }

    /// The index file of `tables`.
    static func file(_ site: SiteContext, _ tables: [SearchTable]) -> SiteFile {
        var out = "portalgenSearch({\"hours\":"
        let numbers = site.format.numbers
        let unit = site.format.hourUnit
        let hours = [
            unit.before, unit.after, numbers.decimalSeparator, numbers.groupingSeparator, String(numbers.groupingSize),
            String(numbers.minimumGroupingDigits), numbers.digits.map { String($0) } ?? "", numbers.minus,
        ]
        array(hours, to: &out)
        out += ",\"tables\":["
        for (index, table) in tables.enumerated() {
            if index > 0 { out += "," }
            out += "{\"id\":"
            string(table.id, to: &out)
            out += ",\"label\":"
            string(table.label, to: &out)
            out += ",\"columns\":"
            array(table.columns, to: &out)
            out += ",\"rows\":["
            for (number, row) in table.rows.enumerated() {
                out += number == 0 ? "\n[" : ",\n["
                string(row.href, to: &out)
                out += ","
                string(row.date, to: &out)
                out += row.project.map { ",\($0)," } ?? ",null,"
                string(row.status, to: &out)
                out += row.centi.map { ",\($0)" } ?? ",null"
                for cell in row.cells {
                    out += ","
                    string(cell, to: &out)
                }
                out += "]"
            }
            out += "]}"
        }
        out += "]});\n"
        return SiteFile(path: path, bytes: Array(out.utf8))
    }

    private static func array(_ values: [String], to out: inout String) {
        out += "["
        for (index, value) in values.enumerated() {
            if index > 0 { out += "," }
            string(value, to: &out)
        }
        out += "]"
    }

    /// `value` as a JSON string that is also safe in any script context: quotes, backslashes, control
    /// characters, `<` and the two line separators JavaScript before 2019 refused are escaped.
    static func string(_ value: String, to out: inout String) {
        out += "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "<", "\u{2028}", "\u{2029}", "\u{0}"..."\u{1F}", "\u{7F}":
                out += "\\u" + String(repeating: "0", count: 4 - String(scalar.value, radix: 16).count) + String(scalar.value, radix: 16)
            default: out.unicodeScalars.append(scalar)
            }
        }
        out += "\""
    }
}

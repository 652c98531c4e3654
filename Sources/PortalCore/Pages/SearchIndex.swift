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

    /// The index file of `tables`, written as UTF-8 bytes (a million rows at the bench's largest: byte by byte,
    /// not through `String`'s scalar view, which took most of the index's time).
    static func file(_ site: SiteContext, _ tables: [SearchTable]) -> SiteFile {
        var out: [UInt8] = []
        out.reserveCapacity(tables.reduce(256) { $0 + $1.rows.count * 160 })
        let numbers = site.format.numbers
        let unit = site.format.hourUnit
        let hours = [
            unit.before, unit.after, numbers.decimalSeparator, numbers.groupingSeparator, String(numbers.groupingSize),
            String(numbers.minimumGroupingDigits), numbers.digits.map { String($0) } ?? "", numbers.minus,
        ]
        out += Array("portalgenSearch({\"hours\":".utf8)
        array(hours, to: &out)
        out += Array(",\"tables\":[".utf8)
        for (index, table) in tables.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            out += Array("{\"id\":".utf8)
            string(table.id, to: &out)
            out += Array(",\"label\":".utf8)
            string(table.label, to: &out)
            out += Array(",\"columns\":".utf8)
            array(table.columns, to: &out)
            out += Array(",\"numeric\":[\(table.numeric.map(String.init).joined(separator: ","))]".utf8)
            out += Array(",\"rows\":[".utf8)
            for (number, row) in table.rows.enumerated() {
                out += number == 0 ? [UInt8(ascii: "\n"), UInt8(ascii: "[")] : [UInt8(ascii: ","), UInt8(ascii: "\n"), UInt8(ascii: "[")]
                string(row.href, to: &out)
                out.append(UInt8(ascii: ","))
                string(row.date, to: &out)
                out += Array((row.project.map { ",\($0)," } ?? ",null,").utf8)
                string(row.status, to: &out)
                out += Array((row.centi.map { ",\($0)" } ?? ",null").utf8)
                for cell in row.cells {
                    out.append(UInt8(ascii: ","))
                    string(cell, to: &out)
                }
                out.append(UInt8(ascii: "]"))
            }
            out += Array("]}".utf8)
        }
        out += Array("]});\n".utf8)
        return SiteFile(path: path, bytes: out)
    }

    private static func array(_ values: [String], to out: inout [UInt8]) {
        out.append(UInt8(ascii: "["))
        for (index, value) in values.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            string(value, to: &out)
        }
        out.append(UInt8(ascii: "]"))
    }

    /// `value` as a JSON string that is also safe in any script context: quotes, backslashes, control
    /// characters, `<` and the two line separators JavaScript before 2019 refused are escaped. It works on
    /// UTF-8 bytes, which is exact by Unicode scalar: every escaped character is ASCII, and ASCII bytes never
    /// occur inside another scalar's encoding (U+2028 and U+2029 are matched as their whole three bytes).
    static func string(_ value: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        defer { out.append(UInt8(ascii: "\"")) }
        let utf8 = value.utf8
        guard utf8.contains(where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C || $0 == 0x3C || $0 == 0x7F || $0 == 0xE2 }) else {
            out.append(contentsOf: utf8)
            return
        }
        let bytes = Array(utf8)
        var index = 0
        func escaped(_ code: UInt32) {
            let hex = String(code, radix: 16)
            out += Array(("\\u" + String(repeating: "0", count: 4 - hex.count) + hex).utf8)
        }
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case 0x22: out += [0x5C, 0x22]
            case 0x5C: out += [0x5C, 0x5C]
            case 0x0A: out += [0x5C, UInt8(ascii: "n")]
            case 0x0D: out += [0x5C, UInt8(ascii: "r")]
            case 0x09: out += [0x5C, UInt8(ascii: "t")]
            case 0x00..<0x20, 0x3C, 0x7F: escaped(UInt32(byte))
            case 0xE2 where index + 2 < bytes.count && bytes[index + 1] == 0x80 && (bytes[index + 2] == 0xA8 || bytes[index + 2] == 0xA9):
                escaped(bytes[index + 2] == 0xA8 ? 0x2028 : 0x2029)
                index += 3
                continue
            default: out.append(byte)
            }
            index += 1
        }
    }
}

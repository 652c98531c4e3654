/// One year of a client's documents for its accountant (``YearArchive``): which of the site's files the year's
/// archive holds (its invoices and credit notes as PDF and XML, its statement, the documents uploaded that year),
/// the name each has in it, and the year's payments as a CSV of its own. Decided here, beside the statement page
/// that links the archives, so a link and its archive always agree.
package struct ArchiveYear: Sendable {
    package var year: Int
    /// Site path → name in the archive (`invoices/12.pdf` → `invoices/RP-20261108-1101.pdf`).
    package var entries: [(path: String, name: String)]
    /// Files made for the archive alone: `payments.csv`, the year's payments.
    package var made: [(name: String, bytes: [UInt8])] = []

    /// Every year in which the client was invoiced, newest first, when the site prints PDFs (the archives
    /// are made from them). `statementPages`: the years the statement shows on pages of their own
    /// (`statement/<year>.html`); any other year's statement is the whole one.
    static func all(_ site: SiteContext, statementPages: Set<Int>) -> [ArchiveYear] {
        guard site.printsPDF else { return [] }
        var byYear: [Int: [(path: String, name: String)]] = [:]
        for invoice in site.snapshot.invoices {
            let stem = String(PageModel.printName(invoice.number).dropLast(".pdf".count))
            byYear[invoice.issueDate.year, default: []] += [
                ("invoices/\(invoice.id).pdf", "invoices/\(stem).pdf"), ("invoices/\(invoice.id).xml", "invoices/\(stem).xml"),
            ]
            for note in invoice.creditNotes {
                let name = String(PageModel.printName(note.number).dropLast(".pdf".count))
                byYear[note.issueDate(of: invoice, in: site.snapshot.settings.timeZone).year, default: []] += [
                    ("invoices/\(invoice.id)-credit-\(note.id).pdf", "credit-notes/\(name).pdf"),
                    ("invoices/\(invoice.id)-credit-\(note.id).xml", "credit-notes/\(name).xml"),
                ]
            }
        }
        // The documents TimeTracker shows the client, by the year they were uploaded, under their own names
        // (two of a year with one name are told apart by their row).
        var documentNames: [Int: Set<String>] = [:]
        for document in site.snapshot.documents.sorted(by: { ($0.uploadedAt, $0.id) < ($1.uploadedAt, $1.id) }) {
            let year = document.uploadedAt.date.year
            var name = "documents/\(DocumentsPage.safeName(document.originalFilename))"
            if documentNames[year, default: []].contains(name) {
                name = "documents/\(document.kind.rawValue)-\(document.id)-\(DocumentsPage.safeName(document.originalFilename))"
            }
            documentNames[year, default: []].insert(name)
            byYear[year, default: []].append((DocumentsPage.path(of: document), name))
        }
        // The year's payments, as the payments page lists them, in a CSV like the portal's others.
        let headers = ["Date", "Invoice", "Method", "Amount", "Currency", "Status"].map { site.t($0) }
        var payments: [Int: [[String]]] = [:]
        for invoice in site.snapshot.invoices {
            for payment in invoice.payments {
                payments[payment.date.year, default: []].append([
                    payment.date.iso, invoice.number, payment.method.map(site.paymentMethod) ?? "", Money.plain(payment.amount),
                    payment.currency?.uppercased() ?? invoice.currency, site.status(payment.status),
                ])
            }
        }
        return byYear.keys.sorted(by: >).map { year in
            // The year's own statement where the statement is split by year; else the whole statement, named so.
            let statement =
                statementPages.isEmpty
                ? ("statement/index.pdf", "statement.pdf")
                : (statementPages.contains(year) ? "statement/\(year).pdf" : "statement/index.pdf", "statement-\(year).pdf")
            var archive = ArchiveYear(year: year, entries: byYear[year]! + [statement, ("statement/statement.csv", "statement.csv")])
            if let rows = payments[year] {
                archive.made.append(("payments.csv", site.csvFile(CSV.text([headers] + rows.sorted { $0[0] < $1[0] }, separator: site.csvSeparator))))
            }
            return archive
        }
    }
}

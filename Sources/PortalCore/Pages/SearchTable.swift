import Foundation

/// One kind of row in a client's search index (``SearchIndex``): its time entries, invoices, payments,
/// statement lines, projects, quotes, issues or documents, each row with the cells its list page shows
/// (formatted as the page formats them) and what the list filters need: the page it is on, its date, its
/// project, its status and, for entries, its hours.
///
/// Rows hold only what the client's own pages show: no user where staff names are hidden, no tags where tags
/// are hidden, nothing of a section the client does not have.
struct SearchTable {
    struct Row {
        /// The page the row is on, from the site's root.
        let href: String
        /// ISO date (`2026-03-01`) for the from–to filter; empty when the row has none.
        let date: String
        let project: Int64?
        /// Space-separated status keys (`unpaid overdue`), for the status filter.
        let status: String
        /// Hundredths of an hour, summed by the time-entry filter.
        let centi: Int?
        let cells: [String]
    }

    /// `time-entries`, `invoices`, …: the list page whose filter reads it.
    let id: String
    /// Its heading in the search results, in the client's language.
    let label: String
    let columns: [String]
    /// The cells that are figures (hours, amounts): right-aligned and kept left to right as the pages' `.num`.
    var numeric: [Int] = []
    let rows: [Row]

    /// Every completed entry, on the page of its month where the time-entry list shows it.
    static func timeEntries(_ site: SiteContext) -> SearchTable {
        let staff = site.shown.staffNames
        let columns =
            [site.t("Date"), site.t("Project"), site.t("Task")] + (staff ? [site.t("User")] : []) + [
                site.t("Duration"), site.t("Description"), site.t("Billable"),
            ]
        var positionInMonth: [Substring: Int] = [:]
        let (yes, no) = (site.t("Yes"), site.t("No"))
        let rows = site.snapshot.entries.map { entry -> Row in
            let month = entry.start.date.iso.prefix(7)
            let position = positionInMonth[month, default: 0]
            positionInMonth[month] = position + 1
            let page = Pagination(count: position + 1, size: site.pageSize, base: "month-\(month)").file(position / site.pageSize + 1)
            var notes = Presentation.text(entry.notes) ?? ""
            if site.shown.tags, let tags = entry.tags.flatMap(Presentation.text), !tags.isEmpty {
                notes += (notes.isEmpty ? "" : " ") + tags.split(separator: ",").map { "#" + Presentation.trimmed($0) }.joined(separator: " ")
            }
            let task = entry.taskID.flatMap { site.tasksByID[$0] }.flatMap { Presentation.text($0.name) } ?? ""
            var cells = [site.format.date(entry.start.date), Presentation.text(site.projectName(entry.projectID)) ?? "", task]
            if staff { cells.append(Presentation.text(site.userName(entry.userID)) ?? "") }
            cells += [site.format.hours(entry.hours), notes, entry.billable ? yes : no]
            return Row(
                href: "time-entries/\(page)", date: entry.start.date.iso, project: entry.projectID, status: entry.billable ? "billable" : "non-billable",
                centi: entry.hours.centi, cells: cells)
        }
        return SearchTable(id: "time-entries", label: site.t("Time entries"), columns: columns, numeric: [columns.count - 3], rows: rows)
    }

    static func invoices(_ site: SiteContext) -> SearchTable {
        let rows = site.snapshot.invoices.map { invoice -> Row in
            let status = InvoiceListPage.filters.dropFirst().filter { $0.includes(invoice, site.today) }.map(\.id)
            return Row(
                href: "invoices/\(invoice.id).html", date: invoice.issueDate.iso, project: invoice.projectID,
                status: (status + (invoice.isCancelled ? ["cancelled"] : [])).joined(separator: " "), centi: nil,
                cells: [
                    Presentation.text(invoice.number) ?? "", site.format.date(invoice.issueDate), site.format.date(invoice.dueDate),
                    site.money(invoice.total, invoice.currency), site.t(Presentation.paymentBadge(invoice, today: site.today).text),
                ])
        }
        return SearchTable(
            id: "invoices", label: site.t("Invoices"),
            columns: [site.t("Invoice number"), site.t("Issue date"), site.t("Due date"), site.t("Amount"), site.t("Status")], numeric: [3],
            rows: rows)
    }

    /// Payments in the payment list's order, newest first.
    static func payments(_ site: SiteContext) -> SearchTable {
        let rows = PaymentsPage.payments(site).map { invoice, payment -> Row in
            Row(
                href: "invoices/\(invoice.id).html", date: payment.date.iso, project: invoice.projectID, status: payment.status, centi: nil,
                cells: [
                    site.format.date(payment.date), Presentation.text(invoice.number) ?? "", payment.method.map(site.paymentMethod) ?? "—",
                    site.money(payment.amount, payment.currency?.uppercased() ?? invoice.currency), site.status(payment.status),
                ])
        }
        return SearchTable(
            id: "payments", label: site.t("Payments"), columns: [site.t("Date"), site.t("Invoice"), site.t("Method"), site.t("Amount"), site.t("Status")],
            rows: rows)
    }

    /// The statement's lines with the running balance of their currency, as the statement shows them.
    static func statement(_ site: SiteContext) -> SearchTable {
        var balances: [String: Decimal] = [:]
        let projects = Dictionary(site.snapshot.invoices.map { ($0.id, $0.projectID) }) { first, _ in first }
        let rows = StatementPage.lines(site).map { line -> Row in
            balances[line.currency, default: 0] += line.debit - line.credit
            return Row(
                href: String(line.href.dropFirst(3)), date: line.date.iso, project: projects[line.invoiceID] ?? nil, status: line.kind.key, centi: nil,
                cells: [
                    site.format.date(line.date), line.label, Presentation.text(line.document) ?? "",
                    line.debit == 0 ? "" : site.money(line.debit, line.currency), line.credit == 0 ? "" : site.money(line.credit, line.currency),
                    site.money(balances[line.currency]!, line.currency),
                ])
        }
        return SearchTable(
            id: "statement", label: site.t("Statement"),
            columns: [site.t("Date"), site.t("Entry"), site.t("Invoice"), site.t("Debit"), site.t("Credit"), site.t("Balance")],
            numeric: [3, 4, 5], rows: rows)
    }

    /// The active projects, each on its own page: found by name or description.
    static func projects(_ site: SiteContext) -> SearchTable {
        let rows = site.snapshot.activeProjects.map {
            Row(
                href: "projects/\($0.id).html", date: "", project: $0.id, status: $0.status, centi: nil,
                cells: [Presentation.text($0.name) ?? "", Presentation.text($0.description) ?? ""])
        }
        return SearchTable(id: "projects", label: site.t("Projects"), columns: [site.t("Project"), site.t("Description")], rows: rows)
    }

    static func quotes(_ site: SiteContext) -> SearchTable {
        let rows = site.snapshot.quotes.map {
            Row(
                href: "quotes/\($0.id).html", date: $0.createdAt.date.iso, project: $0.projectID, status: $0.status, centi: nil,
                cells: [Presentation.text($0.number) ?? "", Presentation.text($0.title) ?? "", site.money($0.total, $0.currency), site.status($0.status)])
        }
        return SearchTable(
            id: "quotes", label: site.t("Quotes"), columns: [site.t("Quote"), site.t("Title"), site.t("Amount"), site.t("Status")], numeric: [2],
            rows: rows)
    }

    static func issues(_ site: SiteContext) -> SearchTable {
        let rows = site.snapshot.issues.map {
            Row(
                href: "issues/\($0.id).html", date: $0.createdAt.date.iso, project: $0.projectID, status: $0.status, centi: nil,
                cells: [Presentation.text($0.title) ?? "", site.status($0.status)])
        }
        return SearchTable(id: "issues", label: site.t("Issues"), columns: [site.t("Title"), site.t("Status")], rows: rows)
    }

    /// Documents by file name, on the document list.
    static func documents(_ site: SiteContext) -> SearchTable {
        let rows = site.snapshot.documents.map {
            Row(
                href: "documents/index.html", date: $0.uploadedAt.date.iso, project: $0.projectID, status: "", centi: nil,
                cells: [
                    Presentation.text($0.originalFilename) ?? "", site.format.date($0.uploadedAt.date),
                    $0.projectID.map { Presentation.text(site.projectName($0)) ?? "" } ?? site.t("Client document"),
                ])
        }
        return SearchTable(id: "documents", label: site.t("Documents"), columns: [site.t("Document"), site.t("Date"), site.t("Project")], rows: rows)
    }
}

extension StatementPage.Line.Kind {
    /// The statement filter's status key.
    var key: String {
        switch self {
        case .invoice: "invoice"
        case .creditNote: "credit-note"
        case .payment: "payment"
        }
    }
}

import Foundation

/// `statement/index.html` and `statement.csv`: the client's statement of account. Every invoice that is
/// neither draft nor cancelled, every completed payment and every credit note, in date order, with a running
/// balance per currency (two currencies are never added), the opening balance of each year, and what is
/// open aged by days past due. Long statements get one page per year (`statement/<year>.html`).
struct StatementPage {
    /// One line of the statement, amounts rounded to cents as every page shows them.
    struct Line {
        enum Kind: Int { case invoice, creditNote, payment }
        let date: CalendarDate
        let kind: Kind
        let label: String
        let document: String
        let invoiceID: Int64
        /// The page the line's document links to: its invoice's, or the credit note's own.
        let href: String
        let currency: String
        let debit: Decimal
        let credit: Decimal
        let order: Int64
    }

    /// The ageing buckets of open amounts, by days past the due date.
    static let buckets: [(label: String, range: ClosedRange<Int>)] = [
        ("Current", Int.min...0), ("1–30 days", 1...30), ("31–60 days", 31...60), ("61–90 days", 61...90), ("Over 90 days", 91...Int.max),
    ]

    /// The statement's lines in order: by date, then invoices before credit notes before payments.
    static func lines(_ site: SiteContext) -> [Line] {
        var lines: [Line] = []
        let zone = site.snapshot.settings.timeZone
        for invoice in site.countedInvoices {
            let number = invoice.number
            lines.append(
                Line(
                    date: invoice.issueDate, kind: .invoice, label: site.t("Invoice"), document: number, invoiceID: invoice.id,
                    href: "../invoices/\(invoice.id).html", currency: invoice.currency,
                    debit: Money.rounded(invoice.total), credit: 0, order: invoice.id))
            for note in invoice.creditNotes {
                lines.append(
                    Line(
                        date: note.issueDate(of: invoice, in: zone), kind: .creditNote, label: site.t("Credit note {{number}}", ["number": note.number]),
                        document: number, invoiceID: invoice.id, href: "../" + CreditNotePage.path(invoice, note),
                        currency: invoice.currency, debit: 0, credit: Money.rounded(note.amount), order: note.id))
            }
            let completed = invoice.payments.filter { $0.status == "completed" }
            for payment in completed {
                lines.append(
                    Line(
                        date: payment.date, kind: .payment,
                        label: payment.method.map { site.t("Payment ({{method}})", ["method": site.paymentMethod($0)]) } ?? site.t("Payment"),
                        document: number, invoiceID: invoice.id, href: "../invoices/\(invoice.id).html", currency: invoice.currency, debit: 0,
                        credit: Money.rounded(payment.amount),
                        order: payment.id))
            }
            // TimeTracker's `amount_paid` is what counts; payments entered without a payment row show as one line.
            let unrecorded = Money.rounded(invoice.amountPaid) - completed.reduce(0) { $0 + Money.rounded($1.amount) }
            if unrecorded != 0 {
                lines.append(
                    Line(
                        date: invoice.paymentDate ?? invoice.issueDate, kind: .payment, label: site.t("Payment recorded on the invoice"), document: number,
                        invoiceID: invoice.id, href: "../invoices/\(invoice.id).html", currency: invoice.currency, debit: unrecorded < 0 ? -unrecorded : 0,
                        credit: max(unrecorded, 0),
                        order: Int64.max))
            }
        }
        return lines.sorted { ($0.date, $0.kind.rawValue, $0.invoiceID, $0.order) < ($1.date, $1.kind.rawValue, $1.invoiceID, $1.order) }
    }

    static func build(_ site: SiteContext) -> (pages: [PageModel], files: [SiteFile]) {
        let lines = lines(site)
        var balances: [String: Decimal] = [:]
        var openingByYear: [Int: [String: Decimal]] = [:]
        var rowsByYear: [Int: [[String: Any]]] = [:]
        var years: [Int] = []
        var csv = [["Date", "Type", "Document", "Currency", "Debit", "Credit", "Balance"].map { site.t($0) }]
        for line in lines {
            let year = line.date.year
            if openingByYear[year] == nil {
                openingByYear[year] = balances
                years.append(year)
            }
            balances[line.currency, default: 0] += line.debit - line.credit
            let balance = balances[line.currency]!
            var row: [String: Any] = [
                "date": site.format.date(line.date), "label": line.label, "document": Presentation.text(line.document) ?? "",
                "href": line.href, "balance": site.money(balance, line.currency),
            ]
            if line.debit != 0 { row["debit"] = site.money(line.debit, line.currency) }
            if line.credit != 0 { row["credit"] = site.money(line.credit, line.currency) }
            rowsByYear[year, default: []].append(row)
            csv.append([
                line.date.iso, line.label, line.document, line.currency, line.debit == 0 ? "" : Money.plain(line.debit),
                line.credit == 0 ? "" : Money.plain(line.credit), Money.plain(balance),
            ])
        }
        func money(_ byCurrency: [String: Decimal]) -> [[String: Any]] {
            byCurrency.keys.sorted().map { ["text": site.money(byCurrency[$0]!, $0)] }
        }
        // What is open, as the dashboard's "Outstanding" card counts it, aged by days past due.
        // Overpaid invoices (a negative open amount) are a credit column of their own, so each currency's row adds
        // up to the outstanding figure.
        var ageing = [MoneyTotals](repeating: MoneyTotals(), count: buckets.count)
        var credit = MoneyTotals()
        var open = MoneyTotals()
        for invoice in site.countedInvoices where !invoice.isFullyPaid {
            let due = Money.rounded(invoice.outstanding)
            open.add(due, invoice.currency)
            if due < 0 { credit.add(due, invoice.currency) }
            guard due > 0 else { continue }
            let late = invoice.dueDate.days(until: site.today)
            if let bucket = buckets.firstIndex(where: { $0.range.contains(late) }) { ageing[bucket].add(due, invoice.currency) }
        }
        let columns = ageing + (credit.isEmpty ? [] : [credit])
        let heads = buckets.map { site.t($0.label) } + (credit.isEmpty ? [] : [site.t("Credit (overpaid)")])
        let currencies = Set(columns.flatMap { $0.byCurrency.keys }).sorted()
        let ageingRows: [[String: Any]] = currencies.map { currency in
            [
                "currency": currency,
                "cells": zip(columns, heads).map { column, label in ["text": site.money(column.byCurrency[currency] ?? 0, currency), "label": label] },
            ]
        }
        let summary: [String: Any] = [
            "balance": money(balances), "open": site.moneyList(open.amounts), "hasOpen": !open.isEmpty,
            "ageingHeads": heads.map { ["label": $0] }, "ageing": ageingRows, "hasAgeing": !ageingRows.isEmpty,
        ]
        func yearContext(_ year: Int) -> [String: Any] {
            [
                "year": site.format.numbers.localDigits(String(year)), "openingDate": site.format.date(CalendarDate(year: year, month: 1, day: 1)),
                "opening": money(openingByYear[year] ?? [:]), "hasOpening": !(openingByYear[year] ?? [:]).isEmpty, "rows": rowsByYear[year] ?? [],
            ]
        }
        let perYear = lines.count > site.pageSize && years.count > 1
        let latest = years.last
        let shown = perYear ? latest.map { [$0] } ?? [] : years
        func yearLinks(current: Int?) -> [[String: Any]] {
            years.reversed().map { year in
                ["label": site.format.numbers.localDigits(String(year)), "href": year == latest ? "index.html" : "\(year).html", "current": year == current]
            }
        }
        let projects = Dictionary(site.snapshot.invoices.map { ($0.id, $0.projectID) }) { first, _ in first }
        let listFilter = ListFilter.context(
            site, table: "statement", projects: lines.map { projects[$0.invoiceID] ?? nil },
            statuses: [("invoice", site.t("Invoice")), ("credit-note", site.t("Credit note")), ("payment", site.t("Payment"))])
        var pages = [
            PageModel(
                path: "statement/index.html", template: "statement", title: site.t("Statement of account"), section: "statement",
                context: [
                    "summary": summary, "years": shown.map(yearContext), "empty": lines.isEmpty, "yearLinks": perYear ? yearLinks(current: latest) : [],
                    "perYear": perYear, "asOf": site.format.date(site.today), "listFilter": listFilter,
                ])
        ]
        pages[0].printName = PageModel.printName(site.t("Statement of account") + " " + site.today.iso)
        // Everything of a year for the accountant, one download per year (``YearArchive``).
        let archives = ArchiveYear.all(site, statementPages: perYear ? Set(years.dropLast()) : [])
        pages[0].context["hasArchives"] = !archives.isEmpty
        pages[0].context["archives"] = archives.map { archive in
            let year = site.format.numbers.localDigits(String(archive.year))
            return ["href": "../archive/\(archive.year).zip", "label": site.t("Everything for {{year}}, for your accountant", ["year": year])]
        }
        if perYear {
            for year in years.dropLast() {
                var page = PageModel(
                    path: "statement/\(year).html", template: "statement",
                    title: site.t("Statement of account {{year}}", ["year": site.format.numbers.localDigits(String(year))]), section: "statement",
                    context: [
                        "years": [yearContext(year)], "yearLinks": yearLinks(current: year), "perYear": true, "asOf": site.format.date(site.today),
                        "listFilter": listFilter,
                    ])
                page.printName = PageModel.printName(site.t("Statement of account") + " \(year)")
                pages.append(page)
            }
        }
        return (pages, [SiteFile(path: "statement/statement.csv", bytes: site.csvFile(CSV.text(csv, separator: site.csvSeparator)))])
    }
}

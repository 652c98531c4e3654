import Foundation
import Testing

@testable import PortalCore

/// The invoice and statement page models on snapshots made in memory (``SnapshotBuilder``): the figures a
/// client reads, checked on the models themselves, without a database, a build or HTML.
@Suite struct InvoicePageModelTests {
    /// An overpaid invoice owes nothing: no negative "amount due", the excess shown as the client's credit.
    @Test func anOverpaidInvoiceShowsACreditNotANegativeDue() throws {
        var data = SnapshotBuilder()
        data.invoice(7, issued: "2026-10-01", due: "2026-10-31", total: 100, paid: 120)
        let site = try data.site()
        let invoice = try #require(site.snapshot.invoices.first)
        let page = InvoiceDetailPage.build(site, invoice, documents: InvoiceEDocuments(invoice, settings: site.snapshot.settings)).page
        #expect(page.context["showDue"] as? Bool == false)
        #expect(plain(page.context["credit"]) == "20.00 EUR")
        #expect(page.context["daysOverdue"] == nil)
    }

    /// An unpaid invoice past its due day says by how many days, in the client's plural.
    @Test func anUnpaidInvoicePastItsDueDaySaysHowLate() throws {
        var data = SnapshotBuilder()
        data.invoice(8, issued: "2026-10-01", due: "2026-11-19", total: 250)
        let site = try data.site()
        let invoice = try #require(site.snapshot.invoices.first)
        let page = InvoiceDetailPage.build(site, invoice, documents: InvoiceEDocuments(invoice, settings: site.snapshot.settings)).page
        #expect(plain(page.context["amountDue"]) == "250.00 EUR")
        #expect(page.context["daysOverdue"] as? String == "This invoice is 1 day overdue.")
    }

    /// The statement's ageing row adds up to what is open: 30 days late, 45 days late, and an overpaid invoice's
    /// credit in a column of its own (130 + 45 − 20 = 155 open).
    @Test func theStatementsAgeingAddsUpToWhatIsOpen() throws {
        var data = SnapshotBuilder()
        data.invoice(1, issued: "2026-09-01", due: "2026-10-06", total: 45)
        data.invoice(2, issued: "2026-10-01", due: "2026-10-21", total: 130)
        data.invoice(3, issued: "2026-10-15", due: "2026-11-14", total: 80, paid: 100)
        data.invoice(4, issued: "2026-11-01", due: "2026-12-01", total: 60, paid: 60)
        let site = try data.site()
        let summary = try #require(StatementPage.build(site).pages.first?.context["summary"] as? [String: Any])
        let open = try #require(summary["open"] as? [[String: Any]])
        #expect(open.compactMap { plain($0["text"]) } == ["155.00 EUR"])
        let row = try #require((summary["ageing"] as? [[String: Any]])?.first)
        let cells = try #require(row["cells"] as? [[String: Any]])
        // Amounts as the page writes them, a minus sign (U+2212) included.
        let amounts = cells.compactMap {
            ($0["text"] as? String).flatMap { Decimal(string: $0.replacingOccurrences(of: "\u{2212}", with: "-").filter { "0123456789.-".contains($0) }) }
        }
        #expect(amounts.reduce(0, +) == 155, "\(cells)")
        #expect(cells.last?["label"] as? String == "Credit (overpaid)" && amounts.last == -20)
    }

    /// A credit note's page splits its gross amount as its e-credit note states it, and its Factur-X data is its
    /// invoice's e-document made once (``InvoiceEDocuments``).
    @Test func aCreditNoteIsItsInvoicesDocumentOnce() throws {
        var data = SnapshotBuilder()
        data.settings["company_address"] = .text("Via Roma 1\n20121 Milano\nItaly")
        data.settings["company_tax_id"] = .text("IT12345678901")
        data.client["address"] = .text("Hauptstraße 5\n10115 Berlin\nGermany")
        data.invoice(5, issued: "2026-11-02", due: "2026-12-02", total: 122)
        data.creditNote(9, on: 5, amount: 24.40, reason: "Two hours billed twice")
        let site = try data.site()
        let invoice = try #require(site.snapshot.invoices.first)
        let documents = InvoiceEDocuments(invoice, settings: site.snapshot.settings)
        let note = try #require(invoice.creditNotes.first)
        let page = CreditNotePage.build(site, invoice, note, written: [], document: documents.creditNotes[note.id])
        #expect(page.path == "invoices/5-credit-9.html" && page.context["reason"] as? String == "Two hours billed twice")
        #expect(plain(page.context["total"]) == "24.40 EUR")
    }

    /// Text as a reader sees it: the no-break space that keeps an amount with its currency is a space.
    func plain(_ value: Any?) -> String? { (value as? String)?.replacingOccurrences(of: "\u{A0}", with: " ") }
}

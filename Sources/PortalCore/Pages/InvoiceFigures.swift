import Foundation

/// Money totals over a client's invoices, per currency; cancelled invoices never count.
struct InvoiceFigures {
    var invoiced = MoneyTotals()
    var paid = MoneyTotals()
    var outstanding = MoneyTotals()
    var overdue = MoneyTotals()
    var overdueCount = 0
    var unpaidCount = 0

    init(_ invoices: [InvoiceRecord], today: CalendarDate) {
        for invoice in invoices where !invoice.isCancelled {
            invoiced.add(invoice.total, invoice.currency)
            if invoice.isFullyPaid {
                paid.add(invoice.total, invoice.currency)
            } else {
                outstanding.add(invoice.outstanding, invoice.currency)
            }
            if invoice.isUnpaid { unpaidCount += 1 }
            if invoice.isOverdue(today: today) {
                overdue.add(invoice.outstanding, invoice.currency)
                overdueCount += 1
            }
        }
    }
}

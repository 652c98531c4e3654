/// An invoice a client still has to pay, as its invoice list's "Unpaid" tab counts it: sent (not a draft),
/// not cancelled, unpaid or partly paid.
package struct OpenInvoice: Sendable, Hashable, Codable {
    package var id: Int64
    package var number: String
    package var dueDate: String
}

extension Portal {
    /// Every client's open invoices by client id, in one brief read along the invoices' ``OwnedTable``
    /// (`/admin/status` shows when each was last opened).
    package func openInvoices() throws -> [Int64: [OpenInvoice]] {
        try database.read { db in
            guard let owned = OwnedTable.all(db.schema, db.dialect).first(where: { $0.table == "invoices" }) else { return [:] }
            let sql = """
                SELECT x.id, x.invoice_number, x.due_date, \(owned.client) AS client FROM \(owned.from)
                 WHERE \(owned.visible ?? "1 = 1") AND x.status <> 'cancelled' AND coalesce(x.payment_status, 'unpaid') IN ('unpaid', 'partially_paid')
                 ORDER BY x.due_date, x.id
                """
            var open: [Int64: [OpenInvoice]] = [:]
            try db.forEach(sql, [:]) { row in
                guard let id = row[0].wholeNumber, let client = row[3].wholeNumber else { return }
                open[client, default: []].append(OpenInvoice(id: id, number: row[1].text ?? "", dueDate: String((row[2].text ?? "").prefix(10))))
            }
            return open
        }
    }
}

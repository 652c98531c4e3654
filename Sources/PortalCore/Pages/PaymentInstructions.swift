import Foundation

/// How to pay an invoice: the seller's bank details from TimeTracker's settings (as stored, with the IBAN
/// and BIC picked out for copying), the payment reference (the invoice number), the amount due, the online
/// payment link when a gateway is active, and an EPC QR code for euro invoices to an IBAN.
///
/// Bank details come only from `settings` (the seller's own); nothing is taken from the client's data.
struct PaymentInstructions {
    let bankLines: [String]
    let iban: IBAN?
    let bic: BIC?

    /// The seller's bank details, or nil when settings hold none.
    init?(_ settings: GlobalSettings) {
        guard let text = Presentation.text(settings.companyBankInfo) else { return nil }
        bankLines = text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        iban = IBAN.first(in: text)
        bic = BIC.first(in: text)
    }

    /// The bank details alone (dashboard): lines as stored, IBAN grouped for reading and unspaced for copying.
    var bankContext: [String: Any] {
        // The text as stored, but for the lines that hold no more than the IBAN or BIC shown above them.
        let shown = [iban?.grouped, iban?.electronic, bic?.code, "IBAN", "BIC", "SWIFT"].compactMap { $0 }
        let lines = bankLines.filter { line in
            var rest = line
            for word in shown { rest = rest.replacingOccurrences(of: word, with: "", options: .caseInsensitive) }
            return rest.contains(where: { $0.isLetter || $0.isNumber })
        }
        var context: [String: Any] = ["lines": lines, "hasLines": !lines.isEmpty]
        if let iban { context["iban"] = ["grouped": iban.grouped, "electronic": iban.electronic] }
        if let bic { context["bic"] = bic.code }
        return context
    }

    /// The EPC QR code of `invoice`'s amount due, when the standard applies (EUR, an IBAN, a seller name).
    func epc(_ invoice: InvoiceRecord, seller: String?) -> EPCPayment? {
        guard let iban else { return nil }
        return EPCPayment(
            beneficiary: seller, iban: iban, bic: bic, amount: Money.rounded(invoice.outstanding), currency: invoice.currency, remittance: invoice.number)
    }

    /// The file name of an invoice's payment QR code, beside its page.
    static func qrFile(_ invoice: InvoiceRecord) -> String { "invoices/\(invoice.id)-pay.svg" }
}

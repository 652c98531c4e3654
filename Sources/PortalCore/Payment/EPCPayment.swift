import Foundation

/// The payload of a European Payments Council QR code (EPC069-12 version 002, "SEPA credit transfer"),
/// which banking apps in the euro area scan to pre-fill a transfer: beneficiary, IBAN, amount, reference.
struct EPCPayment: Sendable, Hashable {
    let beneficiary: String
    let iban: IBAN
    let bic: BIC?
    let amount: Decimal
    let remittance: String

    /// Nil where the standard does not apply: another currency than EUR, an amount outside
    /// 0.01…999,999,999.99, or no beneficiary name.
    init?(beneficiary: String?, iban: IBAN, bic: BIC?, amount: Decimal, currency: String, remittance: String) {
        guard currency == "EUR", amount >= Decimal(string: "0.01")!, amount <= Decimal(string: "999999999.99")!,
            let name = beneficiary?.trimmingCharacters(in: .whitespacesAndNewlines), !name.isEmpty
        else { return nil }
        self.beneficiary = Self.clip(name, 70)
        self.iban = iban
        self.bic = bic
        self.amount = amount
        self.remittance = Self.clip(remittance, 140)
    }

    /// The lines of the code, UTF-8 (character set 1), separated by line feeds; at most 331 bytes.
    var payload: String {
        [
            "BCD", "002", "1", "SCT", bic?.code ?? "", beneficiary, iban.electronic, "EUR" + Money.plain(amount), "", "", remittance,
        ].joined(separator: "\n")
    }

    /// `text` on one line and cut to `limit` characters (the standard counts characters).
    private static func clip(_ text: String, _ limit: Int) -> String {
        String(text.split(whereSeparator: \.isNewline).joined(separator: " ").prefix(limit))
    }
}

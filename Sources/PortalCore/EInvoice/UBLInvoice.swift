import Foundation

/// An invoice (or a credit note against one) as a UBL 2.1 document following PEPPOL BIS Billing 3.0
/// (EN 16931), built from what TimeTracker stores: the seller from `settings`, the buyer from the invoice's own snapshot of the client, the lines
/// (items, goods, expenses), one VAT rate, the totals, and payment by credit transfer to the seller's IBAN.
///
/// Where EN 16931 needs data TimeTracker does not hold (a country, a seller tax number), or the stored
/// figures do not add up to the cent as the standard demands, there is no document, and ``missing`` says why
/// (`portalgen check` lists it per invoice). An invoice that TimeTracker already sent through PEPPOL is
/// served with the XML it sent (``InvoiceRecord/sentUBL``).
struct UBLInvoice {
    struct Party {
        var name: String
        var address: PostalAddress
        var vatID: String?
        var taxID: String?
        var email: String?
    }

    struct Line {
        var name: String
        var description: String?
        var quantity: Decimal
        var price: Decimal
        var amount: Decimal
    }

    /// An invoice, or a credit note against one (its amount is gross, at the invoice's VAT rate).
    enum Kind {
        case invoice
        case creditNote(CreditNoteRecord, issued: CalendarDate)
    }

    let kind: Kind
    let invoice: InvoiceRecord
    let seller: Party
    let buyer: Party
    let lines: [Line]
    let taxable: Decimal
    let tax: Decimal
    let total: Decimal
    let prepaid: Decimal
    /// What the invoice's own total differs from subtotal + tax, cent-wise (TimeTracker rounds each of the
    /// three separately): EN 16931's payable rounding amount (BT-114), so the amount payable is the invoice's.
    var rounding: Decimal = 0
    let iban: IBAN?
    let bic: BIC?

    /// The document's path beside the invoice page.
    static func file(_ invoice: InvoiceRecord) -> String { "invoices/\(invoice.id).xml" }

    /// A credit note's document beside its invoice's page.
    static func file(_ invoice: InvoiceRecord, credit: CreditNoteRecord) -> String { "invoices/\(invoice.id)-credit-\(credit.id).xml" }

    /// The UBL credit note of `credit` against this invoice's document: one line, the credited amount split
    /// into net and VAT at the invoice's rate; nil when the note credits nothing.
    func creditNote(_ credit: CreditNoteRecord, timeZone: TimeZone) -> UBLInvoice? {
        guard Money.rounded(credit.amount) > 0 else { return nil }
        let (net, tax, rounding) = Self.split(credit: credit, rate: invoice.taxRate)
        let reason = credit.reason.map { ": \($0)" } ?? ""
        return UBLInvoice(
            kind: .creditNote(credit, issued: credit.issueDate(of: invoice, in: timeZone)), invoice: invoice, seller: seller, buyer: buyer,
            lines: [Line(name: Self.name("Credit note \(credit.number)\(reason)"), description: nil, quantity: 1, price: net, amount: net)],
            taxable: net, tax: tax, total: net + tax, prepaid: 0, rounding: rounding, iban: nil, bic: nil)
    }

    /// A credit note's amount (gross, as TimeTracker records it) as its e-credit note and its page state it:
    /// the net at the invoice's VAT rate, the VAT computed from that net (BR-CO-17), and the cent that
    /// separates their sum from the recorded gross, if any.
    static func split(credit: CreditNoteRecord, rate: Decimal) -> (net: Decimal, tax: Decimal, rounding: Decimal) {
        let gross = Money.rounded(credit.amount)
        let net = Money.rounded(gross / (1 + rate / 100))
        let tax = vat(net, rate: rate)
        return (net, tax, gross - (net + tax))
    }

    /// The document, or what keeps it from being written.
    static func make(_ invoice: InvoiceRecord, settings: GlobalSettings) -> Result<UBLInvoice, Missing> {
        var missing: [String] = []
        let sellerAddress = PostalAddress(settings.companyAddress)
        let buyerAddress = PostalAddress(invoice.clientAddress)
        if settings.companyName == nil { missing.append("the seller's name (settings.company_name)") }
        func isEmpty(_ address: PostalAddress) -> Bool { address.street == nil && address.city == nil && address.postalCode == nil }
        if isEmpty(sellerAddress) { missing.append("the seller's address (settings.company_address)") }
        if sellerAddress.country == nil { missing.append("the seller's country (the last line of settings.company_address names none)") }
        if isEmpty(buyerAddress) { missing.append("the buyer's address (invoices.client_address)") }
        if buyerAddress.country == nil { missing.append("the buyer's country (the last line of invoices.client_address names none)") }
        let taxNumber = settings.companyTaxID.map { $0.replacingOccurrences(of: " ", with: "") }
        if taxNumber == nil { missing.append("the seller's VAT or tax number (settings.company_tax_id)") }
        if invoice.isCancelled { missing.append("a valid invoice (this one is cancelled)") }

        var lines: [Line] = invoice.items.map {
            Line(name: Self.name($0.description), description: nil, quantity: $0.quantity, price: $0.unitPrice, amount: Money.rounded($0.total))
        }
        lines += invoice.goods.map {
            Line(name: Self.name($0.name), description: $0.description, quantity: $0.quantity, price: $0.unitPrice, amount: Money.rounded($0.total))
        }
        lines += invoice.expenses.map {
            Line(name: Self.name($0.title), description: $0.category, quantity: 1, price: $0.total, amount: Money.rounded($0.total))
        }
        if lines.isEmpty { missing.append("at least one line") }
        let taxable = lines.reduce(0) { $0 + $1.amount }
        // EN 16931's BR-CO-17: the VAT is the stated base × rate, rounded to the cent. TimeTracker computes its
        // tax from the unrounded subtotal, so it can differ by a cent (3.75 h × 87.50 …); that cent goes into the
        // payable rounding amount, and the amount payable stays TimeTracker's. More than a cent means the stored
        // figures disagree.
        let stored = Money.rounded(invoice.taxAmount)
        let computed = vat(taxable, rate: invoice.taxRate)
        let tax = computed
        if taxable != Money.rounded(invoice.subtotal) {
            missing.append("lines that add up to the subtotal (they give \(Money.plain(taxable)), the subtotal is \(Money.plain(invoice.subtotal)))")
        } else if abs(stored - computed) > Decimal(string: "0.01")! || abs(taxable + stored - Money.rounded(invoice.total)) > Decimal(string: "0.02")! {
            missing.append("a tax amount of subtotal × rate and a total of subtotal + tax (tax \(Money.plain(stored)), total \(Money.plain(invoice.total)))")
        }
        guard missing.isEmpty, let sellerName = settings.companyName, let taxNumber else { return .failure(Missing(reasons: missing)) }
        // A number that starts with a country code is a VAT identifier (BT-31), anything else a tax registration (BT-32).
        let isVAT = taxNumber.count > 2 && taxNumber.prefix(2).allSatisfy { $0.isUppercase && $0.isLetter } && CountryNames.isCode(String(taxNumber.prefix(2)))
        let seller = Party(
            name: sellerName, address: sellerAddress, vatID: isVAT ? taxNumber : nil, taxID: isVAT ? nil : taxNumber, email: settings.companyEmail)
        let buyer = Party(name: invoice.clientName, address: buyerAddress, vatID: nil, taxID: nil, email: invoice.clientEmail)
        let bank = settings.companyBankInfo
        return .success(
            UBLInvoice(
                kind: .invoice, invoice: invoice, seller: seller, buyer: buyer, lines: lines, taxable: taxable, tax: tax, total: taxable + tax,
                prepaid: Money.rounded(invoice.amountPaid), rounding: Money.rounded(invoice.total) - (taxable + tax), iban: bank.flatMap(IBAN.first),
                bic: bank.flatMap(BIC.first)))
    }

    /// VAT of `base` at `rate` % as EN 16931 computes it (BR-CO-17): rounded to the cent, half away from zero,
    /// as the standard's own rules round.
    static func vat(_ base: Decimal, rate: Decimal) -> Decimal {
        var value = base * rate / 100
        var rounded = Decimal()
        NSDecimalRound(&rounded, &value, 2, .plain)
        return rounded
    }

    /// Why an invoice has no e-invoice.
    struct Missing: Error {
        let reasons: [String]
        var description: String { "no e-invoice: EN 16931 needs " + reasons.joined(separator: "; ") }
    }

    private static func name(_ text: String) -> String {
        let line = text.split(whereSeparator: \.isNewline).first.map(String.init) ?? text
        return line.isEmpty ? "Item" : line
    }

    /// Amounts as EN 16931 writes them: two decimals, a point, no grouping.
    private static func amount(_ value: Decimal) -> String { Money.plain(value) }

    /// A quantity or price as stored, without trailing zeros beyond what it has.
    static func number(_ value: Decimal) -> String {
        var rounded = Decimal()
        var copy = value
        NSDecimalRound(&rounded, &copy, 6, .plain)
        return NSDecimalNumber(decimal: rounded).stringValue
    }

    /// A line's net price: its own, unless quantity × price is not its amount to the cent (rounded rates),
    /// then amount ÷ quantity. Validators round quantity × price half up (0.75 × 75.50 = 56.625 → 56.63, where
    /// TimeTracker shows 56.62).
    static func price(of line: Line) -> Decimal {
        var product = line.quantity * line.price, halfUp = Decimal()
        NSDecimalRound(&halfUp, &product, 2, .plain)
        return halfUp == line.amount || line.quantity == 0 ? line.price : line.amount / line.quantity
    }

    /// The credit note and its issue day, when the document is one.
    var credit: (note: CreditNoteRecord, issued: CalendarDate)? {
        if case .creditNote(let note, let issued) = kind { return (note, issued) }
        return nil
    }

    /// The UBL document.
    func xml() -> [UInt8] {
        let w = XMLWriter()
        let currency = invoice.currency
        let cbc = "cbc:", cac = "cac:"
        let root = credit == nil ? "Invoice" : "CreditNote"
        w.start(
            root,
            [
                "xmlns": "urn:oasis:names:specification:ubl:schema:xsd:\(root)-2",
                "xmlns:cac": "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2",
                "xmlns:cbc": "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2",
            ])
        w.element(cbc + "CustomizationID", "urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0")
        w.element(cbc + "ProfileID", "urn:fdc:peppol.eu:2017:poacc:billing:01:1.0")
        if let credit {
            w.element(cbc + "ID", credit.note.number)
            w.element(cbc + "IssueDate", credit.issued.iso)
            w.element(cbc + "CreditNoteTypeCode", "381")
            if let reason = credit.note.reason { w.element(cbc + "Note", reason) }
        } else {
            w.element(cbc + "ID", invoice.number)
            w.element(cbc + "IssueDate", invoice.issueDate.iso)
            w.element(cbc + "DueDate", invoice.dueDate.iso)
            w.element(cbc + "InvoiceTypeCode", "380")
            if let notes = invoice.notes { w.element(cbc + "Note", notes) }
        }
        w.element(cbc + "DocumentCurrencyCode", currency)
        if let reference = invoice.buyerReference { w.element(cbc + "BuyerReference", reference) }
        if credit != nil {
            // The invoice this note credits (EN 16931 BT-25, BT-26).
            w.group(cac + "BillingReference") {
                w.group(cac + "InvoiceDocumentReference") {
                    w.element(cbc + "ID", invoice.number)
                    w.element(cbc + "IssueDate", invoice.issueDate.iso)
                }
            }
        }
        func party(_ role: String, _ party: Party) {
            w.group(cac + role) {
                w.group(cac + "Party") {
                    if let email = party.email { w.element(cbc + "EndpointID", email, ["schemeID": "EM"]) }
                    w.group(cac + "PartyName") { w.element(cbc + "Name", party.name) }
                    w.group(cac + "PostalAddress") {
                        if let street = party.address.street { w.element(cbc + "StreetName", street) }
                        if let additional = party.address.additional { w.element(cbc + "AdditionalStreetName", additional) }
                        if let city = party.address.city { w.element(cbc + "CityName", city) }
                        if let code = party.address.postalCode { w.element(cbc + "PostalZone", code) }
                        if let subdivision = party.address.subdivision { w.element(cbc + "CountrySubentity", subdivision) }
                        w.group(cac + "Country") { w.element(cbc + "IdentificationCode", party.address.country ?? "") }
                    }
                    if let vat = party.vatID {
                        w.group(cac + "PartyTaxScheme") {
                            w.element(cbc + "CompanyID", vat)
                            w.group(cac + "TaxScheme") { w.element(cbc + "ID", "VAT") }
                        }
                    }
                    if let tax = party.taxID {
                        w.group(cac + "PartyTaxScheme") {
                            w.element(cbc + "CompanyID", tax)
                            w.group(cac + "TaxScheme") { w.element(cbc + "ID", "TAX") }
                        }
                    }
                    w.group(cac + "PartyLegalEntity") { w.element(cbc + "RegistrationName", party.name) }
                    if let email = party.email { w.group(cac + "Contact") { w.element(cbc + "ElectronicMail", email) } }
                }
            }
        }
        party("AccountingSupplierParty", seller)
        party("AccountingCustomerParty", buyer)
        if let iban {
            w.group(cac + "PaymentMeans") {
                // 58: SEPA credit transfer (euro to an IBAN in SEPA), else 30: credit transfer.
                w.element(cbc + "PaymentMeansCode", currency == "EUR" ? "58" : "30")
                w.element(cbc + "PaymentID", invoice.number)
                w.group(cac + "PayeeFinancialAccount") {
                    w.element(cbc + "ID", iban.electronic)
                    w.element(cbc + "Name", seller.name)
                    if let bic { w.group(cac + "FinancialInstitutionBranch") { w.element(cbc + "ID", bic.code) } }
                }
            }
        }
        if credit == nil, let terms = invoice.terms { w.group(cac + "PaymentTerms") { w.element(cbc + "Note", terms) } }
        let category = invoice.taxRate > 0 ? "S" : "Z"
        func taxCategory(_ element: String) {
            w.group(cac + element) {
                w.element(cbc + "ID", category)
                w.element(cbc + "Percent", Self.number(invoice.taxRate))
                w.group(cac + "TaxScheme") { w.element(cbc + "ID", "VAT") }
            }
        }
        w.group(cac + "TaxTotal") {
            w.element(cbc + "TaxAmount", Self.amount(tax), ["currencyID": currency])
            w.group(cac + "TaxSubtotal") {
                w.element(cbc + "TaxableAmount", Self.amount(taxable), ["currencyID": currency])
                w.element(cbc + "TaxAmount", Self.amount(tax), ["currencyID": currency])
                taxCategory("TaxCategory")
            }
        }
        w.group(cac + "LegalMonetaryTotal") {
            w.element(cbc + "LineExtensionAmount", Self.amount(taxable), ["currencyID": currency])
            w.element(cbc + "TaxExclusiveAmount", Self.amount(taxable), ["currencyID": currency])
            w.element(cbc + "TaxInclusiveAmount", Self.amount(total), ["currencyID": currency])
            if prepaid != 0 { w.element(cbc + "PrepaidAmount", Self.amount(prepaid), ["currencyID": currency]) }
            if rounding != 0 { w.element(cbc + "PayableRoundingAmount", Self.amount(rounding), ["currencyID": currency]) }
            w.element(cbc + "PayableAmount", Self.amount(total - prepaid + rounding), ["currencyID": currency])
        }
        for (index, line) in lines.enumerated() {
            w.group(cac + (credit == nil ? "InvoiceLine" : "CreditNoteLine")) {
                w.element(cbc + "ID", String(index + 1))
                w.element(cbc + (credit == nil ? "InvoicedQuantity" : "CreditedQuantity"), Self.number(line.quantity), ["unitCode": "C62"])
                w.element(cbc + "LineExtensionAmount", Self.amount(line.amount), ["currencyID": currency])
                w.group(cac + "Item") {
                    if let description = line.description { w.element(cbc + "Description", description) }
                    w.element(cbc + "Name", line.name)
                    taxCategory("ClassifiedTaxCategory")
                }
                w.group(cac + "Price") { w.element(cbc + "PriceAmount", Self.number(Self.price(of: line)), ["currencyID": currency]) }
            }
        }
        w.end()
        return w.finish()
    }
}

import Foundation

extension UBLInvoice {
    /// The same EN 16931 document as UN/CEFACT Cross Industry Invoice (D16B), profile EN 16931: the XML a
    /// Factur-X / ZUGFeRD PDF carries as `factur-x.xml`. One model, two serializations: every figure here is
    /// the UBL file's, so the two can never disagree.
    func cii() -> [UInt8] {
        let w = XMLWriter()
        let currency = invoice.currency
        let ram = "ram:"
        func date(_ element: String, _ day: CalendarDate, prefix: String = "udt:") {
            w.group(ram + element) { w.element(prefix + "DateTimeString", day.iso.replacingOccurrences(of: "-", with: ""), ["format": "102"]) }
        }
        func amount(_ element: String, _ value: Decimal, currency: String? = nil) {
            w.element(ram + element, Money.plain(value), currency.map { ["currencyID": $0] } ?? [:])
        }
        let category = invoice.taxRate > 0 ? "S" : "Z"
        w.start(
            "rsm:CrossIndustryInvoice",
            [
                "xmlns:rsm": "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100",
                "xmlns:qdt": "urn:un:unece:uncefact:data:standard:QualifiedDataType:100",
                "xmlns:ram": "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100",
                "xmlns:udt": "urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100",
            ])
        w.group("rsm:ExchangedDocumentContext") {
            w.group(ram + "GuidelineSpecifiedDocumentContextParameter") { w.element(ram + "ID", "urn:cen.eu:en16931:2017") }
        }
        w.group("rsm:ExchangedDocument") {
            w.element(ram + "ID", credit?.note.number ?? invoice.number)
            w.element(ram + "TypeCode", credit == nil ? "380" : "381")
            date("IssueDateTime", credit?.issued ?? invoice.issueDate)
            if let note = credit == nil ? invoice.notes : credit?.note.reason { w.group(ram + "IncludedNote") { w.element(ram + "Content", note) } }
        }
        w.group("rsm:SupplyChainTradeTransaction") {
            for (index, line) in lines.enumerated() {
                w.group(ram + "IncludedSupplyChainTradeLineItem") {
                    w.group(ram + "AssociatedDocumentLineDocument") { w.element(ram + "LineID", String(index + 1)) }
                    w.group(ram + "SpecifiedTradeProduct") {
                        w.element(ram + "Name", line.name)
                        if let description = line.description { w.element(ram + "Description", description) }
                    }
                    w.group(ram + "SpecifiedLineTradeAgreement") {
                        w.group(ram + "NetPriceProductTradePrice") { w.element(ram + "ChargeAmount", Self.number(Self.price(of: line))) }
                    }
                    w.group(ram + "SpecifiedLineTradeDelivery") { w.element(ram + "BilledQuantity", Self.number(line.quantity), ["unitCode": "C62"]) }
                    w.group(ram + "SpecifiedLineTradeSettlement") {
                        w.group(ram + "ApplicableTradeTax") {
                            w.element(ram + "TypeCode", "VAT")
                            w.element(ram + "CategoryCode", category)
                            w.element(ram + "RateApplicablePercent", Self.number(invoice.taxRate))
                        }
                        w.group(ram + "SpecifiedTradeSettlementLineMonetarySummation") { amount("LineTotalAmount", line.amount) }
                    }
                }
            }
            w.group(ram + "ApplicableHeaderTradeAgreement") {
                if let reference = invoice.buyerReference { w.element(ram + "BuyerReference", reference) }
                party("SellerTradeParty", seller, w)
                party("BuyerTradeParty", buyer, w)
            }
            w.group(ram + "ApplicableHeaderTradeDelivery") {}
            w.group(ram + "ApplicableHeaderTradeSettlement") {
                if credit == nil { w.element(ram + "PaymentReference", invoice.number) }
                w.element(ram + "InvoiceCurrencyCode", currency)
                if let iban {
                    w.group(ram + "SpecifiedTradeSettlementPaymentMeans") {
                        // 58: SEPA credit transfer (euro to an IBAN in SEPA), else 30: credit transfer.
                        w.element(ram + "TypeCode", currency == "EUR" ? "58" : "30")
                        w.group(ram + "PayeePartyCreditorFinancialAccount") {
                            w.element(ram + "IBANID", iban.electronic)
                            w.element(ram + "AccountName", seller.name)
                        }
                        if let bic { w.group(ram + "PayeeSpecifiedCreditorFinancialInstitution") { w.element(ram + "BICID", bic.code) } }
                    }
                }
                w.group(ram + "ApplicableTradeTax") {
                    amount("CalculatedAmount", tax)
                    w.element(ram + "TypeCode", "VAT")
                    amount("BasisAmount", taxable)
                    w.element(ram + "CategoryCode", category)
                    w.element(ram + "RateApplicablePercent", Self.number(invoice.taxRate))
                }
                if credit == nil {
                    w.group(ram + "SpecifiedTradePaymentTerms") {
                        if let terms = invoice.terms { w.element(ram + "Description", terms) }
                        date("DueDateDateTime", invoice.dueDate)
                    }
                }
                w.group(ram + "SpecifiedTradeSettlementHeaderMonetarySummation") {
                    amount("LineTotalAmount", taxable)
                    amount("TaxBasisTotalAmount", taxable)
                    amount("TaxTotalAmount", tax, currency: currency)
                    if rounding != 0 { amount("RoundingAmount", rounding) }
                    amount("GrandTotalAmount", total)
                    if prepaid != 0 { amount("TotalPrepaidAmount", prepaid) }
                    amount("DuePayableAmount", total - prepaid + rounding)
                }
                if credit != nil {
                    // The invoice this note credits (EN 16931 BT-25, BT-26).
                    w.group(ram + "InvoiceReferencedDocument") {
                        w.element(ram + "IssuerAssignedID", invoice.number)
                        date("FormattedIssueDateTime", invoice.issueDate, prefix: "qdt:")
                    }
                }
            }
        }
        w.end()
        return w.finish()
    }

    private func party(_ role: String, _ party: Party, _ w: XMLWriter) {
        let ram = "ram:"
        w.group(ram + role) {
            w.element(ram + "Name", party.name)
            w.group(ram + "PostalTradeAddress") {
                if let code = party.address.postalCode { w.element(ram + "PostcodeCode", code) }
                if let street = party.address.street { w.element(ram + "LineOne", street) }
                if let additional = party.address.additional { w.element(ram + "LineTwo", additional) }
                if let city = party.address.city { w.element(ram + "CityName", city) }
                w.element(ram + "CountryID", party.address.country ?? "")
                if let subdivision = party.address.subdivision { w.element(ram + "CountrySubDivisionName", subdivision) }
            }
            if let email = party.email { w.group(ram + "URIUniversalCommunication") { w.element(ram + "URIID", email, ["schemeID": "EM"]) } }
            if let vat = party.vatID { w.group(ram + "SpecifiedTaxRegistration") { w.element(ram + "ID", vat, ["schemeID": "VA"]) } }
            if let tax = party.taxID { w.group(ram + "SpecifiedTaxRegistration") { w.element(ram + "ID", tax, ["schemeID": "FC"]) } }
        }
    }
}

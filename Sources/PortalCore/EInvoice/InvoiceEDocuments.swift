import Foundation

/// An invoice's EN 16931 documents for one build, each made once: the UBL files beside its page and the CII
/// its Factur-X PDFs embed are two serializations of the same document.
struct InvoiceEDocuments {
    /// The invoice's own e-invoice, or what keeps it from having one.
    let invoice: Result<UBLInvoice, UBLInvoice.Missing>
    /// Its credit notes' e-credit notes, by note id: none where the invoice has no e-invoice or a note credits
    /// nothing.
    let creditNotes: [Int64: UBLInvoice]

    init(_ record: InvoiceRecord, settings: GlobalSettings) {
        invoice = UBLInvoice.make(record, settings: settings)
        guard case .success(let base) = invoice else {
            creditNotes = [:]
            return
        }
        creditNotes = Dictionary(
            record.creditNotes.compactMap { note in base.creditNote(note, timeZone: settings.timeZone).map { (note.id, $0) } },
            uniquingKeysWith: { first, _ in first })
    }
}

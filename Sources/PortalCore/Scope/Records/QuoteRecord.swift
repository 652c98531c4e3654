import Foundation

/// A quote the client may see (`visible_to_client`, never a draft), with its lines.
package struct QuoteRecord: Sendable, Hashable {
    package var id: Int64
    package var number: String
    package var title: String
    package var description: String?
    package var status: String
    package var subtotal: Decimal
    package var taxRate: Decimal
    var taxAmount: Decimal
    package var total: Decimal
    package var currency: String
    /// `percentage`, `fixed` or nil.
    var discountType: String?
    var discountAmount: Decimal
    var discountReason: String?
    var validUntil: CalendarDate?
    /// App-local, printed as stored.
    var createdAt: LocalDateTime
    package var terms: String?
    var paymentTerms: String?
    package var projectID: Int64?
    /// App-local, as TimeTracker's `Quote.send/accept/reject` store them.
    var sentAt: LocalDateTime?
    var acceptedAt: LocalDateTime?
    var rejectedAt: LocalDateTime?
    package var items: [QuoteItemRecord] = []

    static let columns = [
        "id", "quote_number", "title", "description", "status", "subtotal", "tax_rate", "tax_amount", "total_amount", "currency_code",
        "discount_type", "discount_amount", "discount_reason", "valid_until", "created_at", "terms", "payment_terms", "project_id", "sent_at", "accepted_at",
        "rejected_at",
    ]

    init(_ r: inout RowReader, fallbackCurrency: String) throws {
        id = try r.int("id")
        number = try r.text("quote_number")
        title = r.optionalText("title") ?? ""
        description = r.nonEmptyText("description")
        status = try r.text("status")
        subtotal = try r.money("subtotal")
        taxRate = try r.optionalMoney("tax_rate") ?? 0
        taxAmount = try r.optionalMoney("tax_amount") ?? 0
        total = try r.optionalMoney("total_amount") ?? 0
        currency = r.nonEmptyText("currency_code")?.uppercased() ?? fallbackCurrency
        discountType = r.nonEmptyText("discount_type")
        discountAmount = try r.optionalMoney("discount_amount") ?? 0
        discountReason = r.nonEmptyText("discount_reason")
        validUntil = try r.optionalDate("valid_until")
        createdAt = try r.dateTime("created_at")
        terms = r.nonEmptyText("terms")
        paymentTerms = r.nonEmptyText("payment_terms")
        projectID = try r.optionalInt("project_id")
        sentAt = try r.optionalDateTime("sent_at")
        acceptedAt = try r.optionalDateTime("accepted_at")
        rejectedAt = try r.optionalDateTime("rejected_at")
    }

    /// The discount TimeTracker subtracts before tax (`Quote.calculate_totals`): `subtotal × amount / 100` for
    /// `percentage`, `min(amount, subtotal)` for `fixed`, rounded to cents; nil when there is none.
    package var discount: Decimal? {
        guard discountAmount > 0 else { return nil }
        switch discountType {
        case "percentage": return (subtotal * discountAmount / 100).rounded(2)
        case "fixed": return min(discountAmount, subtotal)
        default: return nil
        }
    }

    /// Which quotes the client sees, in SQL over `alias`: those made visible to the client, never a draft
    /// (PORTAL_SPEC 2.2 and "Decisions" 2); ``OwnedTable`` scopes quotes and their lines with it.
    static func isVisible(_ alias: String) -> String { "\(alias).visible_to_client IS TRUE AND \(alias).status <> 'draft'" }

    /// Still open for the client to accept or decline: sent, and not past its validity.
    func isOpen(today: CalendarDate) -> Bool { status == "sent" && !isExpired(today: today) }

    /// Past `valid_until` (TimeTracker: `local_today > valid_until`), or marked expired.
    func isExpired(today: CalendarDate) -> Bool {
        if status == "expired" { return true }
        guard let validUntil, status == "sent" else { return false }
        return today > validUntil
    }
}

/// A line of a quote: a service item, a good (with SKU) or an expense (with category).
package struct QuoteItemRecord: Sendable, Hashable {
    package var id: Int64
    package var quoteID: Int64
    package var description: String
    package var quantity: Decimal
    var unitPrice: Decimal
    package var total: Decimal
    package var unit: String?
    /// `item`, `good` or `expense`.
    package var kind: String
    var displayName: String?
    package var category: String?
    package var sku: String?

    static let columns = [
        "id", "quote_id", "description", "quantity", "unit_price", "total_amount", "unit", "line_kind", "display_name", "category", "sku",
    ]

    init(_ r: inout RowReader) throws {
        id = try r.int("id")
        quoteID = try r.int("quote_id")
        description = r.optionalText("description") ?? ""
        quantity = try r.money("quantity")
        unitPrice = try r.money("unit_price")
        total = try r.money("total_amount")
        unit = r.nonEmptyText("unit")
        kind = r.nonEmptyText("line_kind") ?? "item"
        displayName = r.nonEmptyText("display_name")
        category = r.nonEmptyText("category")
        sku = r.nonEmptyText("sku")
    }
}

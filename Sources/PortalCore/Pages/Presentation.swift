import Foundation

/// Small, shared conversions from values to display strings and template dictionaries.
enum Presentation {
    /// `partially_paid` -> `Partially Paid`.
    static func titleCase(_ status: String) -> String {
        knownStatuses[status] ?? titleCased(status)
    }

    private static func titleCased(_ status: String) -> String {
        status.replacingOccurrences(of: "_", with: " ").split(separator: " ").map { $0.prefix(1).uppercased() + $0.dropFirst().lowercased() }
            .joined(separator: " ")
    }

    /// TimeTracker's statuses, title-cased once (every invoice, project and task shows one); the English
    /// texts are catalog messages.
    static let knownStatuses: [String: String] = Dictionary(
        uniqueKeysWithValues: [
            "draft", "sent", "paid", "overdue", "cancelled", "unpaid", "partially_paid", "fully_paid", "overpaid", "active", "inactive",
            "archived", "completed", "todo", "in_progress", "review", "done", "pending", "approved", "rejected", "accepted", "expired",
            "open", "resolved", "closed", "low", "medium", "high", "urgent", "critical", "on_hold", "planning", "failed", "refunded",
        ].map { ($0, titleCased($0)) })

    /// A payment method as its brand or bank writes it (`paypal` → `PayPal`, `sepa_debit` → `SEPA direct
    /// debit`); methods not listed are title-cased.
    static func paymentMethod(_ method: String) -> String {
        paymentMethods[method.lowercased()] ?? titleCase(method)
    }

    private static let paymentMethods: [String: String] = [
        "paypal": "PayPal", "stripe": "Stripe", "mollie": "Mollie", "sumup": "SumUp", "square": "Square", "klarna": "Klarna",
        "apple_pay": "Apple Pay", "google_pay": "Google Pay", "sepa": "SEPA", "sepa_transfer": "SEPA transfer", "sepa_debit": "SEPA direct debit",
        "bank_transfer": "Bank transfer", "wire_transfer": "Wire transfer", "credit_card": "Credit card", "debit_card": "Debit card",
        "card": "Card", "cash": "Cash", "check": "Check", "cheque": "Cheque", "ach": "ACH", "ideal": "iDEAL", "bancontact": "Bancontact",
        "giropay": "giropay", "sofort": "Sofort", "twint": "TWINT", "swish": "Swish", "vipps": "Vipps", "mobilepay": "MobilePay",
    ]

    /// Methods named by what they are rather than by a brand: their names are catalog messages.
    static let genericPaymentMethods: Set<String> = [
        "SEPA transfer", "SEPA direct debit", "Bank transfer", "Wire transfer", "Credit card", "Debit card", "Card", "Cash", "Check", "Cheque",
    ]

    /// A payment-status badge: English text (a catalog message) and a tone (`success`, `danger`, `warning`, `neutral`).
    static func paymentBadge(_ invoice: InvoiceRecord, today: CalendarDate) -> (text: String, tone: String) {
        if invoice.isCancelled { return ("Cancelled", "neutral") }
        let text = titleCase(invoice.paymentStatus)
        if invoice.isFullyPaid { return (text, "success") }
        if invoice.isOverdue(today: today) { return ("Overdue", "danger") }
        if invoice.isPartlyPaid { return (text, "warning") }
        if invoice.paymentStatus == "overpaid" { return (text, "info") }
        return (text, "neutral")
    }

    /// Text from the database, with control characters HTML forbids removed (newline and tab stay).
    static func text(_ value: String?) -> String? {
        guard let value else { return nil }
        if !value.holdsTextForbiddenInHTML { return value }
        return String(String.UnicodeScalarView(value.unicodeScalars.filter { !$0.isForbiddenInHTMLText }))
    }

    /// `text` without leading and trailing white space.
    static func trimmed(_ text: Substring) -> Substring {
        var text = text
        while text.first?.isWhitespace == true { text.removeFirst() }
        while text.last?.isWhitespace == true { text.removeLast() }
        return text
    }

    /// Cuts `value` to `limit` characters with an ellipsis.
    static func truncated(_ value: String, _ limit: Int) -> String {
        // At most `limit` bytes means at most `limit` characters: no need to count them.
        value.utf8.count <= limit || value.count <= limit ? value : String(value.prefix(limit)) + "…"
    }

    /// A percentage 0...100 for a progress bar, and whether the value exceeds the limit.
    static func progress(_ value: Double, of limit: Double) -> (percent: Int, over: Bool) {
        guard limit > 0 else { return (0, false) }
        let ratio = value / limit
        return (Int((min(ratio, 1) * 100).rounded()), ratio > 1)
    }
}

/// Splits a list into pages of `size`, naming files `base.html`, `base-page-2.html`, …
struct Pagination {
    let count: Int
    let size: Int
    /// The file name of page 1 without `.html` (`index`, `project-7`).
    let base: String

    var pageCount: Int { max(1, (count + size - 1) / size) }

    func file(_ page: Int) -> String { page == 1 ? "\(base).html" : "\(base == "index" ? "page" : base + "-page")-\(page).html" }

    func range(_ page: Int) -> Range<Int> { ((page - 1) * size)..<min(count, page * size) }

    /// Links for the pager of `page`; empty when there is one page.
    func links(current page: Int) -> [String: Any]? {
        guard pageCount > 1 else { return nil }
        let pages: [[String: Any]] = (1...pageCount).map { ["number": $0, "href": file($0), "current": $0 == page] }
        var result: [String: Any] = ["pages": pages, "current": page, "count": pageCount]
        if page > 1 { result["previous"] = file(page - 1) }
        if page < pageCount { result["next"] = file(page + 1) }
        return result
    }
}

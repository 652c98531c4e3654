import Foundation
import GRDB
import PortalCore

/// The hostile part of the demo (`portalgen demo --hostile`): data a portal must survive and escape.
extension DemoState {
    static let script = "<script>alert(document.cookie)</script>"
    static let markup = "<img src=x onerror=alert(1)><b onclick=\"evil()\">bold</b>"
    static let rtl = "\u{202E}evil\u{202C} שלום مرحبا 👩‍👩‍👧‍👦 e\u{0301}\u{200B}"

    mutating func hostileClients(staff: [Int64]) throws {
        let names = [
            "\(Self.script) ../../etc/passwd \u{1}\u{7}",
            "Duplicate & Co", "DUPLICATE & CO!", "  duplicate &co ",
            "\(Self.rtl) C:\\Windows\\System32 %s %n {{mustache}} ' OR 1=1 --",
            "\u{0}\u{0}",
        ]
        for (offset, name) in names.enumerated() {
            try hostileClient(name: name, index: offset, staff: staff)
        }
    }

    mutating func hostileClient(name: String, index: Int, staff: [Int64]) throws {
        let huge = String(repeating: "Lorem ipsum <b>dolor</b> sit amet 🙂 ", count: 3000)
        let clientID = try insert(
            "clients",
            [
                "name": name, "status": "active", "description": nil, "contact_person": nil, "email": nil, "phone": nil, "address": nil,
                "default_hourly_rate": nil, "prepaid_reset_day": 1, "portal_enabled": 1, "portal_username": "hostile\(index)",
                "portal_password_hash": "x", "portal_issues_enabled": 1, "custom_fields": 42, "created_at": utc(now), "updated_at": utc(now),
            ])
        let projectID = try insert(
            "projects",
            [
                "name": "\(Self.markup) \u{0}nul", "client_id": clientID, "description": index == 0 ? huge : nil, "billable": 1,
                "hourly_rate": index == 0 ? -50 : nil,
                "status": "active", "estimated_hours": index == 0 ? 0 : -10, "budget_amount": index == 0 ? 0 : -100, "budget_threshold_percent": 80,
                "created_at": utc(now), "updated_at": utc(now), "color": "</style>",
            ])
        let emptyProject = try insert(
            "projects",
            [
                "name": Self.rtl, "client_id": clientID, "billable": 0, "status": "active", "budget_threshold_percent": 0, "created_at": utc(now),
                "updated_at": utc(now),
            ])
        _ = emptyProject
        let entries: [(String, String?, Int?, String?)] = [
            (local(moment(daysAgo: 1, hour: 9, minute: 0)), local(moment(daysAgo: 1, hour: 10, minute: 0)), nil, Self.script + huge),
            (local(moment(daysAgo: 2, hour: 9, minute: 0)), local(moment(daysAgo: 2, hour: 9, minute: 0)), 0, Self.rtl),
            ("not a date", local(moment(daysAgo: 2, hour: 9, minute: 0)), 3600, "malformed start: reported and skipped"),
            ("9999-12-31 23:59:59.999999", "9999-12-31 23:59:59.999999", 60, "far future"),
            ("0001-01-01 00:00:00", "0001-01-01 01:00:00", 3600, "year one, no fraction"),
            ("2026-10-25 02:30:00.000000", "2026-10-25 02:45:00.000000", 900, "DST fall-back night"),
            (local(moment(daysAgo: 3, hour: 9, minute: 0)), local(moment(daysAgo: 3, hour: 11, minute: 0)), -7200, "negative duration"),
        ]
        var entryIDs: [Int64] = []
        for (start, end, seconds, notes) in entries {
            let entryID = try insert(
                "time_entries",
                [
                    "user_id": staff[3], "project_id": projectID, "client_id": nil, "task_id": nil, "start_time": start, "end_time": end,
                    "duration_seconds": seconds, "break_seconds": nil, "notes": notes, "tags": "<x>, ,a,,\(Self.script)", "source": "manual",
                    "billable": 1, "paid": 0, "created_at": start, "updated_at": start,
                ])
            _ = try insert(
                "activities",
                [
                    "user_id": staff[3], "action": "created", "entity_type": "time_entry", "entity_id": entryID, "description": Self.script,
                    "extra_data": "null", "created_at": "garbage",
                ])
            entryIDs.append(entryID)
        }
        for (offset, status) in ["pending", "rejected", "<b>odd</b>"].enumerated() {
            _ = try insert(
                "client_time_approvals",
                [
                    "time_entry_id": entryIDs[offset], "project_id": projectID, "client_id": clientID, "status": status, "requested_by": staff[0],
                    "requested_at": offset == 2 ? "garbage" : utc(now), "rejected_at": status == "rejected" ? utc(now) : nil,
                    "request_comment": Self.script + "\n" + Self.rtl, "rejection_reason": Self.markup, "approval_comment": Self.script,
                    "created_at": utc(now), "updated_at": utc(now),
                ])
        }
        let invoices: [(String, String, String, Double, String?)] = [
            ("RP/2026/../../x", "2026-11-01", "2026-11-30", 0, "JPY"),
            ("<b>INV</b>\(Self.script)", "2026-10-01", "31/12/2026", 100, "EUR"),
            ("NEG-\(index)", "2026-09-01", "2026-09-30", -250.5, "USD"),
            ("EXTREME-\(index)", "0001-01-01", "9999-12-31", 9_999_999_999.99, "EUR"),
        ]
        for (offset, invoice) in invoices.enumerated() {
            let invoiceID = try insert(
                "invoices",
                [
                    "invoice_number": "\(invoice.0)-\(clientID)", "project_id": projectID, "client_name": name, "client_email": nil, "client_address": nil,
                    "client_id": clientID, "issue_date": invoice.1, "due_date": invoice.2, "status": offset == 0 ? "sent" : "overdue", "subtotal": invoice.3,
                    "tax_rate": 0, "tax_amount": 0, "total_amount": invoice.3, "currency_code": invoice.4 ?? "EUR", "notes": Self.script, "terms": nil,
                    "amount_paid": nil, "payment_status": "unpaid", "created_by": staff[0], "created_at": utc(now), "updated_at": utc(now),
                ])
            if offset == 2 {
                _ = try insert(
                    "invoice_items",
                    [
                        "invoice_id": invoiceID, "description": Self.markup, "quantity": -1, "unit_price": 250.5, "total_amount": -250.5,
                        "is_stock_item": 0, "created_at": utc(now),
                    ])
                _ = try insert(
                    "payments",
                    [
                        "invoice_id": invoiceID, "amount": -10, "currency": nil, "payment_date": "2026-09-15", "method": Self.script, "status": "completed",
                        "created_at": utc(now), "updated_at": utc(now),
                    ])
                _ = try insert(
                    "payments",
                    ["invoice_id": invoiceID, "amount": 0, "payment_date": "2026-09-16", "status": "completed", "created_at": utc(now), "updated_at": utc(now)])
            }
        }
        for link in ["javascript:alert(1)", "/client-portal/invoices/1", "/client-portal/quotes/../../etc/passwd", "https://evil.example/"] {
            try notify(clientID, "<b>type</b>", Self.script, Self.markup + "\n" + Self.rtl, link: link, text: Self.script, read: false, at: now)
        }
        for priority in ["urgent", "<b>bogus</b>", ""] {
            _ = try insert(
                "issues",
                [
                    "client_id": clientID, "project_id": projectID, "task_id": 1, "title": Self.script, "description": Self.markup + "\n" + Self.rtl,
                    "status": priority == "" ? "" : "weird<status>", "priority": priority, "submitted_by_client": 1, "client_submitter_name": Self.script,
                    "assigned_to": staff[0], "created_at": priority == "" ? "garbage" : local(now), "updated_at": local(now),
                ])
        }
        let quoteID = try insert(
            "quotes",
            [
                "quote_number": "<b>QUO</b>\(Self.script)-\(clientID)", "client_id": clientID, "title": "\(Self.markup) \(Self.rtl)",
                "description": Self.script + "\n" + Self.markup, "status": index % 2 == 0 ? "sent" : "weird<status>", "subtotal": 100,
                "tax_rate": 0, "tax_amount": 0, "total_amount": 90, "currency_code": index == 0 ? "JPY" : "", "discount_type": "percentage",
                "discount_amount": 10, "discount_reason": Self.script, "valid_until": index == 0 ? "not a date" : "9999-12-31",
                "approval_status": "not_required", "requires_approval": 0, "approval_level": 1, "visible_to_client": 1, "project_id": projectID,
                "created_by": staff[0], "created_at": local(now), "updated_at": local(now), "terms": Self.script, "payment_terms": Self.markup,
            ])
        _ = try insert(
            "quote_items",
            [
                "quote_id": quoteID, "description": Self.markup, "quantity": 1, "unit_price": 100, "total_amount": 100, "unit": Self.script,
                "line_kind": "good", "display_name": Self.script, "sku": "\"><script>", "is_stock_item": 0, "position": 0, "created_at": local(now),
            ])
        _ = try insert(
            "comments",
            [
                "content": "\(Self.script)\u{0}\(Self.rtl)", "project_id": projectID, "user_id": nil, "client_contact_id": nil, "is_internal": 0,
                "is_client_comment": 0, "created_at": local(now), "updated_at": local(now),
            ])
        _ = try insert(
            "client_portal_customizations",
            [
                "client_id": clientID, "logo_url": "javascript:alert(1)", "favicon_url": "data:text/html,<script>", "primary_color": "</style><script>",
                "secondary_color": "#12345", "accent_color": "red", "font_family": "x;}</style><script>alert(1)</script>", "heading_font": nil,
                "custom_css": "</style><script>alert(1)</script>@import url(https://evil.example/x.css); body{background:url(javascript:alert(1))}",
                "custom_header_html": "<svg onload=alert(1)><a href=\"JaVaScRiPt:alert(1)\">x</a><iframe src=//evil></iframe>",
                "custom_footer_html": "<style>*{display:none}</style><form action=//evil><input></form>",
                "portal_title": Self.script, "portal_description": "\"><script>alert(1)</script>", "welcome_message": huge,
                "show_projects": 1, "show_invoices": 1, "show_time_entries": 1, "show_quotes": 1,
                "custom_navigation_items":
                    #"["x", 5, null, {"label": "<b>x</b>", "url": "javascript:x"}, {"label": "ok", "url": "https://ok.example", "new_tab": true}]"#,
                "created_at": utc(now), "updated_at": utc(now),
            ])
        _ = try insert(
            "client_portal_dashboard_preferences",
            [
                "client_id": clientID, "user_id": nil, "widget_ids": #"["stats", "evil<script>", 5]"#, "widget_order": "not json", "created_at": utc(now),
                "updated_at": utc(now),
            ])
    }
}

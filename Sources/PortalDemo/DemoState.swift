import Foundation
import GRDB
import PortalCore

/// The running state of one demo generation: ids, clock and random source.
struct DemoState {
    let writer: DemoWriter
    let options: DemoOptions
    var random: DemoRandom
    var counts: [String: Int] = [:]
    var ids: [String: Int64] = [:]
    /// The current client's billable project entries no invoice line names yet: (id, project, day), oldest first.
    var unbilled: [(id: Int64, project: Int64, day: CalendarDate)] = []
    let rome = TimeZone(identifier: "Europe/Rome")!

    init(writer: DemoWriter, options: DemoOptions) {
        self.writer = writer
        self.options = options
        random = DemoRandom(seed: options.seed)
    }

    var now: LocalDateTime { options.now }
    var today: CalendarDate { options.now.date }

    mutating func insert(_ table: String, _ values: [String: (any DatabaseValueConvertible)?]) throws -> Int64 {
        let id = (ids[table] ?? 0) + 1
        ids[table] = id
        var row = values
        row["id"] = id
        try writer.insert(table, row)
        counts[table, default: 0] += 1
        return id
    }

    func local(_ value: LocalDateTime) -> String { DemoWriter.dateTime(value) }

    /// The UTC wall clock of an app-local (Europe/Rome) time.
    func utc(_ value: LocalDateTime) -> String {
        var guess = value.wallSeconds
        for _ in 0..<2 {
            let offset = rome.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(guess)))
            guess = value.wallSeconds - offset
        }
        return DemoWriter.dateTime(
            LocalDateTime(
                date: LocalDateTime(wallSeconds: guess).date, secondOfDay: LocalDateTime(wallSeconds: guess).secondOfDay, microsecond: value.microsecond))
    }

    mutating func moment(daysAgo: Int, hour: Int, minute: Int) -> LocalDateTime {
        LocalDateTime(date: today.adding(days: -daysAgo), secondOfDay: hour * 3600 + minute * 60, microsecond: random.int(0...999_999))
    }

    mutating func fill() throws {
        try settings()
        let staffIDs = try staff()
        for index in 0..<options.clients {
            try client(index, staff: staffIDs)
        }
        if options.hostile { try hostileClients(staff: staffIDs) }
        _ = try insert(
            "payment_gateways",
            ["name": "Stripe", "provider": "stripe", "config": "{}", "is_active": 1, "is_test_mode": 1, "created_at": utc(now), "updated_at": utc(now)])
    }

    /// The countries of the clients' invoice addresses, as their own languages write them.
    static let countries = ["Deutschland", "France", "Italia", "España", "Nederland", "België", "Österreich", "Danmark"]

    mutating func settings() throws {
        _ = try insert(
            "settings",
            [
                "timezone": "Europe/Rome", "date_format": "DD.MM.YYYY", "time_format": "24h", "currency": "EUR", "rounding_minutes": 1,
                "company_name": "Rossi & Partners Consulting S.r.l.", "company_address": "Via Roma 12\n00184 Roma\nItalia",
                "company_email": "billing@rossi-partners.example", "company_phone": "+39 06 1234 5678",
                "company_website": "https://rossi-partners.example", "company_tax_id": "IT01234567890",
                "company_bank_info": "Banca Popolare di Milano\nIBAN IT60 X054 2811 1010 0000 0123 456\nBIC BPMOIT22",
                "invoice_prefix": "RP", "invoice_number_pattern": "{PREFIX}-{YYYY}{MM}{DD}-{SEQ}", "invoice_start_number": 1000,
                "quote_prefix": "QUO", "quote_number_pattern": "{PREFIX}-{YYYY}{MM}{DD}-{SEQ}", "backup_time": "02:00",
                "export_delimiter": ",", "disabled_module_ids": "[]", "created_at": utc(now), "updated_at": utc(now),
                "kiosk_default_movement_type": "adjustment", "hour_limit_enforcement": "warn", "compliance_jurisdiction_preset": "none",
            ])
    }

    mutating func staff() throws -> [Int64] {
        var result: [Int64] = []
        for (username, fullName) in DemoNames.staff {
            result.append(
                try insert(
                    "users",
                    [
                        "username": username, "full_name": fullName, "email": "\(username)@rossi-partners.example", "role": "user",
                        "is_active": 1, "created_at": utc(now), "time_rounding_method": "nearest", "overtime_calculation_mode": "daily",
                    ]))
        }
        return result
    }

    func clientName(_ index: Int) -> String {
        if options.hostile, index == DemoNames.hostileFeaturedClient.index { return DemoNames.hostileFeaturedClient.name }
        if index < DemoNames.featuredClients.count { return DemoNames.featuredClients[index] }
        let first = DemoNames.firstWords[index % DemoNames.firstWords.count]
        let second = DemoNames.secondWords[(index / DemoNames.firstWords.count) % DemoNames.secondWords.count]
        let suffix = DemoNames.suffixes[index % DemoNames.suffixes.count]
        return "\(first) \(second) \(index + 1) \(suffix)"
    }

    mutating func client(_ index: Int, staff: [Int64]) throws {
        let name = clientName(index)
        // Every seventh client logs in through a staff portal user, one in eleven has no portal at all.
        let viaUser = index % 7 == 3
        let noPortal = index % 11 == 10
        let clientID = try insert(
            "clients",
            [
                "name": name, "status": "active", "email": "office@client\(index + 1).example",
                "address": "Street \(index + 1)\n\(10000 + index) City", "default_hourly_rate": index % 2 == 0 ? 95 : nil,
                "prepaid_reset_day": 1, "portal_enabled": (viaUser || noPortal) ? 0 : 1,
                "portal_username": (viaUser || noPortal) ? nil : "client\(index + 1)",
                "portal_password_hash": (viaUser || noPortal) ? nil : "scrypt:32768:8:1$demo$\(String(repeating: "ab", count: 16))",
                "portal_issues_enabled": index % 3 == 0 ? 1 : 0, "custom_fields": "null",
                "created_at": utc(moment(daysAgo: options.days + 10, hour: 9, minute: 0)), "updated_at": utc(now),
            ])
        _ = try insert(
            "users",
            [
                "username": "portal.client\(index + 1)", "full_name": "Portal user of \(name)", "role": "user", "is_active": 1,
                "client_portal_enabled": noPortal ? 0 : 1, "client_id": clientID, "portal_only": 1, "created_at": utc(now),
                "time_rounding_method": "nearest", "overtime_calculation_mode": "daily",
            ])
        let contactID = try insert(
            "contacts",
            [
                "client_id": clientID, "first_name": index % 3 == 0 ? "Jürgen" : "Maria", "last_name": index % 3 == 0 ? "Weiß" : "O'Neil",
                "email": "contact@client\(index + 1).example", "is_primary": 1, "is_active": 1, "role": "primary", "created_by": staff[0],
                "created_at": local(now), "updated_at": local(now),
            ])
        let currency = DemoNames.currencies[index % DemoNames.currencies.count]
        var projectIDs: [(Int64, Double?, Bool)] = []
        let projectCount = 3 + index % 3
        for p in 0..<projectCount {
            let status = p == projectCount - 1 && projectCount > 3 ? "archived" : (p == 2 && index % 2 == 1 ? "inactive" : "active")
            let rate: Double? = p % 3 == 2 ? nil : [75.5, 95, 120][p % 3]
            let projectID = try insert(
                "projects",
                [
                    "name": DemoNames.projects[(index + p) % DemoNames.projects.count] + (p >= DemoNames.projects.count ? " \(p)" : ""),
                    "client_id": clientID, "description": p % 2 == 0 ? "Scope: \(DemoNames.notes[(index + p) % DemoNames.notes.count])" : nil,
                    "billable": rate == nil ? 0 : 1, "hourly_rate": rate, "status": status,
                    "estimated_hours": p % 2 == 0 ? Double(40 + 20 * p) : nil, "budget_amount": p % 2 == 0 ? Double(4000 + 2500 * p) : nil,
                    "budget_threshold_percent": 80, "created_at": utc(moment(daysAgo: options.days, hour: 10, minute: 0)),
                    "updated_at": utc(now), "archived_reason": status == "archived" ? "INTERNAL: client stopped paying" : nil,
                ])
            projectIDs.append((projectID, rate, status == "active"))
            _ = try insert(
                "activities",
                [
                    "user_id": staff[0], "action": "created", "entity_type": "project", "entity_id": projectID,
                    "description": "Created project for \(name)", "extra_data": "null",
                    "created_at": utc(moment(daysAgo: options.days, hour: 10, minute: 0)),
                ])
            if status == "archived" {
                _ = try insert(
                    "activities",
                    [
                        "user_id": staff[0], "action": "archived", "entity_type": "project", "entity_id": projectID,
                        "description": "Archived project: INTERNAL client stopped paying", "extra_data": "null", "created_at": utc(now),
                    ])
            }
            for t in 0..<3 {
                _ = try insert(
                    "tasks",
                    [
                        "project_id": projectID, "name": DemoNames.tasks[(p + t) % DemoNames.tasks.count],
                        "status": ["todo", "in_progress", "review", "done", "cancelled"][(index + p + t) % 5], "priority": "medium",
                        "created_by": staff[0], "created_at": local(now), "updated_at": local(now),
                    ])
            }
        }
        let taskBase = (ids["tasks"] ?? 0) - Int64(projectCount * 3)
        try entries(clientID: clientID, projects: projectIDs, taskBase: taskBase, staff: staff, index: index)
        try invoices(clientID: clientID, name: name, projects: projectIDs, currency: currency, index: index, staff: staff)
        try recurringInvoices(clientID: clientID, name: name, projects: projectIDs, currency: currency, index: index, staff: staff)
        try comments(projects: projectIDs, contactID: contactID, staff: staff, index: index)
        try quotes(clientID: clientID, projects: projectIDs, currency: currency, index: index, staff: staff)
        try documents(clientID: clientID, name: name, projects: projectIDs, index: index, staff: staff)
        if index % 3 == 0 { try issues(clientID: clientID, projects: projectIDs, taskBase: taskBase, index: index, staff: staff) }
        try branding(clientID: clientID, index: index)
    }

    /// Recurring invoices as TimeTracker's `RecurringInvoice` stores them: every other client has a monthly
    /// one on its first project, billing its unbilled time, and every fourth a paused weekly one. Every third
    /// client's first project has rate overrides: two project-wide ones (the later start wins) and one for a user.
    mutating func recurringInvoices(clientID: Int64, name: String, projects: [(Int64, Double?, Bool)], currency: String, index: Int, staff: [Int64]) throws {
        if index % 3 == 1 {
            for (user, rate, daysAgo) in [(nil, 90.0, 400), (nil, 99.5, 200), (staff[0], 150.0, 300)] as [(Int64?, Double, Int)] {
                _ = try insert(
                    "rate_overrides",
                    [
                        "project_id": projects[0].0, "user_id": user, "hourly_rate": rate, "effective_from": today.adding(days: -daysAgo).iso,
                        "effective_to": nil, "created_at": utc(now), "updated_at": utc(now),
                    ])
            }
        }
        let plans: [(String, String, Int, Int, Bool)] =
            (index % 2 == 0 ? [("Monthly support retainer", "monthly", 1, 12 + index % 9, true)] : [])
            + (index % 4 == 0 ? [("Weekly hosting", "weekly", 2, 3, false)] : [])
        for (plan, frequency, interval, inDays, active) in plans {
            _ = try insert(
                "recurring_invoices",
                [
                    "name": plan, "project_id": projects[0].0, "client_id": clientID, "frequency": frequency, "interval": interval,
                    "next_run_date": today.adding(days: inDays).iso, "end_date": nil, "client_name": name, "client_email": nil, "client_address": nil,
                    "due_date_days": 30, "tax_rate": [0, 10, 19, 20, 22][index % 5], "currency_code": currency, "notes": nil, "terms": nil,
                    "template_id": nil, "auto_send": 0, "auto_include_time_entries": 1, "is_active": active ? 1 : 0, "created_by": staff[0],
                    "created_at": utc(now), "updated_at": utc(now), "last_generated_at": nil,
                ])
        }
    }

    /// Quotes as TimeTracker's `Quote.calculate_totals` stores them (unrounded): an open one with a percentage
    /// discount, an accepted one with a fixed discount, one past its validity, and a private draft; the
    /// lines are a service, a good with its SKU and an expense with its category.
    mutating func quotes(clientID: Int64, projects: [(Int64, Double?, Bool)], currency: String, index: Int, staff: [Int64]) throws {
        let kinds: [(status: String, discount: (String, Double)?, validDays: Int, visible: Bool)] = [
            ("sent", ("percentage", 10), 20, true), ("accepted", ("fixed", 250), -15, true), ("sent", nil, -3, true), ("draft", nil, 30, false),
        ]
        for (q, kind) in kinds.prefix(options.quotesPerClient).enumerated() {
            let created = moment(daysAgo: 10 + (q * 17 + index * 5) % max(options.days - 10, 20), hour: 9 + q, minute: (index * 7) % 60)
            let lines: [(kind: String, description: String, name: String?, quantity: Double, price: Double, unit: String?, extra: String?)] = [
                (
                    "item", DemoNames.tasks[(index + q) % DemoNames.tasks.count], nil, [16, 7.5, 40, 2.25][q % 4], [120, 95, 75.5, 1049.7347][(index + q) % 4],
                    "hours", nil
                ),
                ("good", "YubiKey 5 NFC for the team", "Hardware token", 3, 49.99, nil, "YK-5NFC"),
                ("expense", "Rome–Milan, two people", "Travel", 1, 172.8, nil, "travel"),
            ]
            let subtotal = lines.reduce(0) { $0 + $1.quantity * $1.price }
            let taxRate: Double = [19, 0, 22, 10][(index + q) % 4]
            var discountValue = 0.0
            if let (type, amount) = kind.discount { discountValue = type == "percentage" ? subtotal * amount / 100 : min(amount, subtotal) }
            let tax = (subtotal - discountValue) * taxRate / 100
            let date = created.date
            let number = "QUO-\(date.iso.replacingOccurrences(of: "-", with: ""))-\(String(format: "%03d", index * 10 + q + 1))"
            let quoteID = try insert(
                "quotes",
                [
                    "quote_number": number, "client_id": clientID,
                    "title": ["Maintenance contract \(date.year + 1)", "Discovery workshop", "Security review", "Phase 2 (draft)"][q % 4],
                    "description": q == 0 ? "Scope, deliverables & timeline as discussed.\n• item one\n• item two" : nil, "status": kind.status,
                    "subtotal": subtotal, "tax_rate": taxRate, "tax_amount": tax, "total_amount": subtotal - discountValue + tax, "currency_code": currency,
                    "discount_type": kind.discount?.0, "discount_amount": kind.discount?.1 ?? 0,
                    "discount_reason": kind.discount == nil ? nil : ["Loyalty discount", "Goodwill: <b>first</b> project"][q % 2],
                    "valid_until": today.adding(days: kind.validDays).iso, "sent_at": kind.status == "draft" ? nil : local(created),
                    "accepted_at": kind.status == "accepted" ? local(now) : nil, "approval_status": "not_required", "requires_approval": 0,
                    "approval_level": 1, "visible_to_client": kind.visible ? 1 : 0, "project_id": projects[q % projects.count].0,
                    "created_by": staff[0], "created_at": local(created), "updated_at": local(now),
                    "notes": "INTERNAL: margin is thin", "terms": "Valid for 30 days.\nPrices exclude travel unless listed.",
                    "payment_terms": q % 2 == 0 ? "Net 30" : nil,
                ])
            if kind.visible {
                try notify(
                    clientID, "quote_available", "New Quote: \(number)", "A new quote is available for your review.",
                    link: "/client-portal/quotes/\(quoteID)", text: "View Quote", read: q > 0, at: created)
            }
            for (position, line) in lines.enumerated() {
                _ = try insert(
                    "quote_items",
                    [
                        "quote_id": quoteID, "description": line.description, "quantity": line.quantity, "unit_price": line.price,
                        "total_amount": line.quantity * line.price, "unit": line.unit, "line_kind": line.kind, "display_name": line.name,
                        "category": line.kind == "expense" ? line.extra : nil, "sku": line.kind == "good" ? line.extra : nil,
                        "is_stock_item": 0, "position": position, "created_at": local(created),
                    ])
            }
        }
    }

    /// Documents: a visible contract and a private note per client, a visible and a private project file;
    /// every fourth client's visible project file is missing from the upload folder (listed, not available).
    mutating func documents(clientID: Int64, name: String, projects: [(Int64, Double?, Bool)], index: Int, staff: [Int64]) throws {
        let nowSeconds = now.wallSeconds
        for (file, original, visible, days) in [
            ("contract_\(clientID).pdf", "Service agreement \(name).pdf", true, 40 + index % 7),
            ("notes_\(clientID).pdf", "INTERNAL margin notes.pdf", false, 3),
        ] {
            _ = try insert(
                "client_attachments",
                [
                    "client_id": clientID, "filename": file, "original_filename": original, "file_path": "uploads/client_attachments/\(file)",
                    "file_size": 1000 + original.utf8.count, "mime_type": "application/pdf", "description": "INTERNAL: not shown",
                    "is_visible_to_client": visible ? 1 : 0, "uploaded_by": staff[0],
                    "uploaded_at": local(LocalDateTime(wallSeconds: nowSeconds - days * 86400 - 3600)),
                ])
        }
        for (offset, (project, _, _)) in projects.prefix(2).enumerated() {
            // With --hostile, one listed document whose file is missing on disk.
            let file = options.hostile && index % 4 == 3 && offset == 0 ? "missing_\(project).docx" : "spec_\(project).docx"
            _ = try insert(
                "project_attachments",
                [
                    "project_id": project, "filename": file, "original_filename": offset == 0 ? "Spec v2 (final).docx" : "INTERNAL estimate.xlsx",
                    "file_path": "uploads/project_attachments/\(file)", "file_size": 2048 + offset, "mime_type": nil,
                    "is_visible_to_client": offset == 0 ? 1 : 0, "uploaded_by": staff[0],
                    "uploaded_at": local(LocalDateTime(wallSeconds: nowSeconds - (10 + offset) * 86400)),
                ])
        }
    }

    /// Issues in every priority and status, reported by the client or created by staff, some assigned.
    mutating func issues(clientID: Int64, projects: [(Int64, Double?, Bool)], taskBase: Int64, index: Int, staff: [Int64]) throws {
        let rows: [(title: String, status: String, priority: String, byClient: Bool)] = [
            ("Login page does not load", "open", "high", true), ("Invoice #3 sent to the wrong address", "resolved", "medium", true),
            ("Export to CSV drops umlauts (ä, ö, ü)", "in_progress", "urgent", false), ("Feature request: dark mode", "closed", "low", true),
            ("Typo on the pricing page", "open", "low", false),
        ]
        for (i, row) in rows.enumerated() {
            let created = moment(daysAgo: 3 + (i * 11 + index) % max(options.days - 3, 10), hour: 10 + i, minute: 5)
            let updated = LocalDateTime(wallSeconds: created.wallSeconds + (i % 2 == 0 ? 0 : 86400 * 2))
            _ = try insert(
                "issues",
                [
                    "client_id": clientID, "project_id": i == 4 ? nil : projects[i % projects.count].0, "task_id": i == 2 ? taskBase + 1 : nil,
                    "title": row.title, "description": i == 3 ? nil : "Steps to reproduce:\n1. Open the page\n2. Wait <5 s>\nExpected: it works.",
                    "status": row.status, "priority": row.priority, "submitted_by_client": row.byClient ? 1 : 0,
                    "client_submitter_name": row.byClient ? "Maria O'Neil" : nil, "client_submitter_email": row.byClient ? "maria@client.example" : nil,
                    "assigned_to": i % 2 == 0 ? staff[1 % staff.count] : nil, "created_by": row.byClient ? nil : staff[0],
                    "created_at": local(created), "updated_at": local(updated), "resolved_at": row.status == "resolved" ? local(updated) : nil,
                ])
        }
    }

    /// A notification as TimeTracker's `ClientNotificationService` writes it (local time, a portal path as link).
    mutating func notify(
        _ clientID: Int64, _ type: String, _ title: String, _ message: String, link: String, text: String, read: Bool, at: LocalDateTime
    ) throws {
        _ = try insert(
            "client_notifications",
            [
                "client_id": clientID, "type": type, "title": title, "message": message, "link_url": link, "link_text": text,
                "is_read": read ? 1 : 0, "read_at": read ? local(now) : nil, "extra_data": "{}", "created_at": local(at),
            ])
    }

    mutating func entries(clientID: Int64, projects: [(Int64, Double?, Bool)], taskBase: Int64, staff: [Int64], index: Int) throws {
        unbilled = []
        for e in 0..<options.entriesPerClient {
            let slot = e % projects.count
            let (projectID, _, _) = projects[slot]
            let direct = e % 29 == 28
            let daysAgo = (e * 7 + index) % options.days
            let start = moment(daysAgo: daysAgo, hour: 8 + e % 9, minute: (e * 13) % 60)
            let seconds = [900, 1800, 2700, 3600, 5400, 7200, 10800, 450, 4518][e % 9]
            let end = LocalDateTime(wallSeconds: start.wallSeconds + seconds)
            let endValue = LocalDateTime(date: end.date, secondOfDay: end.secondOfDay, microsecond: start.microsecond)
            let user = staff[e % staff.count]
            let entryID = try insert(
                "time_entries",
                [
                    "user_id": user, "project_id": direct ? nil : projectID, "client_id": direct ? clientID : nil,
                    "task_id": direct ? nil : taskBase + Int64(slot * 3 + e % 3) + 1, "start_time": local(start), "end_time": local(endValue),
                    "duration_seconds": seconds, "break_seconds": 0, "notes": e % 4 == 3 ? nil : DemoNames.notes[(e + index) % DemoNames.notes.count],
                    "tags": e % 5 == 0 ? "support,planning" : nil, "source": e % 2 == 0 ? "manual" : "auto", "billable": e % 6 == 5 ? 0 : 1,
                    "paid": 0, "created_at": local(endValue), "updated_at": local(endValue),
                ])
            if !direct, e % 6 != 5 { unbilled.append((entryID, projectID, start.date)) }
            // Approval requests (times in UTC, as TimeTracker's ClientApprovalService writes them): two pending,
            // one approved, one rejected.
            if !direct, e % 7 == 2, e < 30 {
                let status = ["pending", "approved", "rejected", "pending"][e / 7]
                let answered = LocalDateTime(wallSeconds: endValue.wallSeconds + 7200)
                _ = try insert(
                    "client_time_approvals",
                    [
                        "time_entry_id": entryID, "project_id": projectID, "client_id": clientID, "status": status, "requested_by": staff[0],
                        "approved_by": status == "pending" ? nil : staff[0], "requested_at": utc(endValue),
                        "approved_at": status == "approved" ? utc(answered) : nil, "rejected_at": status == "rejected" ? utc(answered) : nil,
                        "request_comment": "Please confirm these hours\n(second line)", "approval_comment": status == "approved" ? "OK" : nil,
                        "rejection_reason": status == "rejected" ? "Too many hours for <this> task" : nil,
                        "created_at": utc(endValue), "updated_at": utc(status == "pending" ? endValue : answered),
                    ])
                try notify(
                    clientID, "time_entry_approval", "Time Entry Approval Requested", "Please review a time entry of \(Hours(seconds: seconds).short).",
                    link: "/client-portal/approvals/\(ids["client_time_approvals"] ?? 0)", text: "Review Approval", read: status != "pending", at: endValue)
            }
            if e % max(options.activityEvery, 1) == 0 {
                _ = try insert(
                    "activities",
                    [
                        "user_id": user, "action": e % 2 == 0 ? "created" : "stopped", "entity_type": "time_entry", "entity_id": entryID,
                        "description": "Logged \(Hours(seconds: seconds).short) on \(DemoNames.tasks[e % DemoNames.tasks.count])",
                        "extra_data": "null", "created_at": utc(endValue),
                    ])
            }
        }
        // A running timer and a paused one: never in lists or totals. TimeTracker allows one active timer
        // per user (a unique index on PostgreSQL), so the first clients' timers belong to different users.
        let timers: [(offset: Int, paused: Bool, user: Int64)] =
            index == 0 ? [(35, false, staff[0]), (95, true, staff[staff.count - 1])] : index < staff.count - 1 ? [(35, false, staff[index])] : []
        for (offset, paused, user) in timers {
            let start = LocalDateTime(wallSeconds: now.wallSeconds - offset * 60)
            let entryID = try insert(
                "time_entries",
                [
                    "user_id": user, "project_id": projects[0].0, "start_time": local(start), "end_time": nil, "duration_seconds": nil,
                    "break_seconds": 0, "paused_at": paused ? local(LocalDateTime(wallSeconds: now.wallSeconds - 600)) : nil,
                    "notes": "RUNNING TIMER", "source": "auto", "billable": 1, "paid": 0, "created_at": local(start), "updated_at": local(start),
                ])
            _ = try insert(
                "activities",
                [
                    "user_id": user, "action": "started", "entity_type": "time_entry", "entity_id": entryID,
                    "description": "Started timer", "extra_data": "null", "created_at": utc(start),
                ])
        }
    }

    mutating func invoices(clientID: Int64, name: String, projects: [(Int64, Double?, Bool)], currency: String, index: Int, staff: [Int64]) throws {
        // (status, payment_status) pairs covering every combination TimeTracker produces.
        let kinds: [(String, String)] = [
            ("paid", "fully_paid"), ("sent", "unpaid"), ("sent", "partially_paid"), ("overdue", "unpaid"), ("draft", "unpaid"),
            ("cancelled", "unpaid"), ("sent", "overpaid"), ("issued", "unpaid"), ("sent", "fully_paid"),
        ]
        for i in 0..<options.invoicesPerClient {
            let (status, paymentStatus) = kinds[(i + index) % kinds.count]
            let issued = today.adding(days: -(5 + (i * 23 + index * 3) % max(options.days, 30)))
            let due = issued.adding(days: 30)
            let taxRate: Double = [0, 10, 19, 20, 22][(i + index) % 5]
            var subtotal = 0.0
            var lines: [(String, Double, Double)] = []
            for item in 0..<options.itemsPerInvoice {
                let quantity = [7.51027777777778, 2, 1, 12.25, 3.5][(item + i) % 5]
                let price = item == 3 ? 0 : [95, 120, 75.5, 1049.7347, 49.99][(item + index) % 5]
                lines.append(("\(item % 2 == 0 ? "Task" : "Project"): \(DemoNames.tasks[(item + i) % DemoNames.tasks.count])", quantity, price))
                subtotal += quantity * price
            }
            let hasGood = i % 4 == 1
            if hasGood { subtotal += 2 * 149.0 }
            let hasExpense = i % 5 == 2
            if hasExpense { subtotal += 86.4 + 8.64 }
            let tax = subtotal * taxRate / 100
            let total = subtotal + tax
            let paid: Double
            switch paymentStatus {
            case "fully_paid": paid = (total * 100).rounded() / 100
            case "partially_paid": paid = (total * 40).rounded() / 100
            case "overpaid": paid = (total * 100).rounded() / 100 + 50
            default: paid = 0
            }
            let number = "RP-\(issued.iso.replacingOccurrences(of: "-", with: ""))-\(1000 + clientID * 100 + Int64(i))"
            let invoiceID = try insert(
                "invoices",
                [
                    "invoice_number": number, "project_id": projects[i % projects.count].0, "client_name": name,
                    "client_email": "billing@client\(index + 1).example",
                    "client_address": "Street \(index + 1)\n\(10000 + index) City\n\(Self.countries[index % Self.countries.count])",
                    "client_id": clientID, "issue_date": issued.iso, "due_date": due.iso, "status": status, "subtotal": subtotal,
                    "tax_rate": taxRate, "tax_amount": tax, "total_amount": total, "currency_code": currency,
                    "notes": i % 2 == 0 ? "Thank you for your business.\nPlease quote the invoice number." : nil,
                    "terms": "Payment within 30 days.", "amount_paid": paid, "payment_status": paymentStatus, "created_by": staff[0],
                    "payment_notes": "INTERNAL: chased by phone", "created_at": utc(LocalDateTime(date: issued, secondOfDay: 36000)),
                    "updated_at": utc(now),
                ])
            if status != "draft" {
                try notify(
                    clientID, "invoice_created", "New Invoice: \(number)", "Invoice \(number) for \(String(format: "%.2f", total)) \(currency) is ready.",
                    link: "/client-portal/invoices/\(invoiceID)", text: "View Invoice", read: i % 2 == 0, at: LocalDateTime(date: issued, secondOfDay: 68400))
            }
            // The first line bills the invoice's project's billable time before its issue day that no earlier
            // invoice billed (TimeTracker's `time_entry_ids`); a draft's line names its entries too.
            let project = projects[i % projects.count].0
            unbilled.sort { ($0.day, $0.id) < ($1.day, $1.id) }
            let billed = unbilled.filter { $0.project == project && $0.day < issued }.map(\.id)
            unbilled.removeAll { billed.contains($0.id) }
            for (line, (description, quantity, price)) in lines.enumerated() {
                _ = try insert(
                    "invoice_items",
                    [
                        "invoice_id": invoiceID, "description": description, "quantity": quantity, "unit_price": price,
                        "total_amount": quantity * price, "is_stock_item": 0, "created_at": utc(now),
                        "time_entry_ids": line == 0 && !billed.isEmpty ? billed.map(String.init).joined(separator: ",") : nil,
                    ])
            }
            if hasGood {
                _ = try insert(
                    "extra_goods",
                    [
                        "project_id": projects[0].0, "invoice_id": invoiceID, "name": "Hardware token", "description": "YubiKey 5 NFC",
                        "category": "product", "quantity": 2, "unit_price": 149, "total_amount": 298, "currency_code": currency, "billable": 1,
                        "sku": "YK-5NFC", "created_by": staff[0], "created_at": utc(now), "updated_at": utc(now),
                    ])
            }
            if hasExpense {
                _ = try insert(
                    "expenses",
                    [
                        "user_id": staff[0], "project_id": projects[0].0, "client_id": clientID, "title": "Train ticket Rome–Milan",
                        "category": "travel", "amount": 86.4, "currency_code": currency, "tax_amount": 8.64, "status": "approved",
                        "billable": 1, "reimbursable": 1, "invoiced": 1, "invoice_id": invoiceID, "reimbursed": 0,
                        "expense_date": issued.adding(days: -3).iso, "created_at": local(now), "updated_at": local(now),
                    ])
            }
            if paid > 0 {
                _ = try insert(
                    "payments",
                    [
                        "invoice_id": invoiceID, "amount": paid, "currency": currency, "payment_date": issued.adding(days: 12).iso,
                        "method": ["bank_transfer", "credit_card", "paypal"][i % 3], "status": "completed", "created_at": utc(now), "updated_at": utc(now),
                    ])
                _ = try insert(
                    "payments",
                    [
                        "invoice_id": invoiceID, "amount": 10, "currency": currency, "payment_date": issued.adding(days: 10).iso,
                        "method": "credit_card", "status": "failed", "created_at": utc(now), "updated_at": utc(now),
                    ])
            }
            if status == "sent", paymentStatus == "unpaid", i % 3 == 1 {
                _ = try insert(
                    "credit_notes",
                    [
                        "invoice_id": invoiceID, "credit_number": "CN-\(number)", "amount": 50, "reason": "Goodwill discount for a delayed milestone",
                        "created_by": staff[0], "created_at": utc(now), "updated_at": utc(now),
                    ])
            }
        }
    }

    mutating func comments(projects: [(Int64, Double?, Bool)], contactID: Int64, staff: [Int64], index: Int) throws {
        for c in 0..<options.commentsPerClient {
            let projectID = projects[c % projects.count].0
            let at = local(moment(daysAgo: (c * 5 + index) % options.days, hour: 11 + c % 6, minute: c * 7 % 60))
            let kind = c % 4
            _ = try insert(
                "comments",
                [
                    "content": kind == 0 ? DemoNames.internalComments[c % 2] : DemoNames.comments[(c + index) % DemoNames.comments.count],
                    "project_id": projectID, "user_id": kind == 3 ? nil : staff[c % staff.count], "client_contact_id": kind == 3 ? contactID : nil,
                    "is_internal": kind == 0 ? 1 : 0, "is_client_comment": kind == 3 ? 1 : 0, "created_at": at, "updated_at": at,
                ])
            if c % 6 == 5 {
                _ = try insert(
                    "activities",
                    [
                        "user_id": staff[0], "action": "favorited", "entity_type": "project", "entity_id": projectID,
                        "description": "INTERNAL: added to favorites", "extra_data": "null", "created_at": utc(now),
                    ])
            }
        }
    }

    mutating func branding(clientID: Int64, index: Int) throws {
        let widgets: String? = [nil, #"["stats", "projects", "invoices"]"#, nil, "[]", #"["time_entries", "stats", "invoices"]"#][index % 5]
        if let widgets {
            let order = index % 5 == 1 ? #"["invoices", "stats", "projects"]"# : widgets
            _ = try insert(
                "client_portal_dashboard_preferences",
                ["client_id": clientID, "user_id": nil, "widget_ids": widgets, "widget_order": order, "created_at": utc(now), "updated_at": utc(now)])
        }
        let rows: [[String: (any DatabaseValueConvertible)?]] = [
            [
                "primary_color": "#004b87", "secondary_color": "#f2f2f2", "accent_color": "#e30613", "font_family": "Georgia, serif",
                "portal_title": "Müller & Söhne — Kundenportal", "welcome_message": "Willkommen! Hier finden Sie Ihre Projekte & Rechnungen.",
                "show_quotes": 0,
            ],
            options.hostile ? Self.hostileAcmeBranding : Self.acmeBranding,
            ["primary_color": "#bc002d", "font_family": "Noto Sans JP", "portal_title": "中村 ポータル", "welcome_message": "ようこそ。\n二行目のメッセージ。"],
            ["primary_color": options.hostile ? "</style>" : "#2e7d32", "show_invoices": 0, "portal_title": "Café Olé"],
        ]
        guard index < rows.count else { return }
        var row = rows[index]
        row["client_id"] = clientID
        for key in ["show_projects", "show_invoices", "show_time_entries", "show_quotes"] where row[key] == nil { row[key] = 1 }
        row["created_at"] = utc(now)
        row["updated_at"] = utc(now)
        _ = try insert("client_portal_customizations", row)
    }
}

extension DemoState {
    /// Acme's branding in an ordinary demo: a custom header, footer and navigation as an admin would write them.
    static var acmeBranding: [String: (any DatabaseValueConvertible)?] {
        [
            "primary_color": "#ff6600", "custom_css": "body { letter-spacing: .01em; }",
            "custom_header_html": "<div class=\"banner\">Beep beep: <a href=\"https://acme.example/news\">what is new at Acme</a></div>",
            "custom_footer_html": "<footer>© Acme &amp; Co · <a href=\"https://acme.example\">acme.example</a></footer>",
            "portal_title": "Acme Portal", "welcome_message": "Welcome, 'Coyote' & friends", "show_time_entries": 0,
            "custom_navigation_items": DemoWriter.json(
                [
                    [("label", "Docs"), ("url", "https://acme.example/docs")] as [(String, Any)],
                    [("label", "Support <24/7>"), ("url", "mailto:help@acme.example")] as [(String, Any)],
                ] as [Any]),
        ]
    }

    /// Acme's branding with `--hostile`: script and markup in every field an admin can type into.
    static var hostileAcmeBranding: [String: (any DatabaseValueConvertible)?] {
        [
            "primary_color": "#ff6600", "logo_url": "javascript:alert(1)",
            "custom_css": "body { letter-spacing: .01em; } </style><script>alert(1)</script>",
            "custom_header_html":
                "<div class=\"banner\" onclick=\"alert(1)\">Beep <script>alert('hdr')</script>beep <a href=\"javascript:alert(2)\">x</a></div>",
            "custom_footer_html": "<footer>© Acme &amp; Co · <a href=\"https://acme.example\">acme.example</a></footer>",
            "portal_title": "<i>Acme</i> Portal & \"more\"", "welcome_message": "<script>alert('hi')</script> Welcome, 'Coyote' & friends",
            "show_time_entries": 0,
            "custom_navigation_items": DemoWriter.json(
                [
                    [("label", "Docs"), ("url", "https://acme.example/docs")] as [(String, Any)],
                    [("label", "Support <24/7>"), ("url", "mailto:help@acme.example")] as [(String, Any)],
                    [("label", "Evil"), ("url", "javascript:alert(3)")] as [(String, Any)],
                ] as [Any]),
        ]
    }
}

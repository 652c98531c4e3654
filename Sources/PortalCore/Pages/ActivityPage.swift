/// `activity/`: the client-visible timeline of project and time-entry activities, public comments, and the
/// business events of the client's documents (invoices issued and paid, quotes sent, accepted and declined,
/// approvals requested and answered), newest first, paginated. UTC times are converted to the TimeTracker
/// time zone. Only the events listed here reach the timeline: the allow-list is this code.
struct ActivityPage {
    struct Item {
        let time: LocalDateTime
        let id: String
        let context: [String: Any]
    }

    static func build(_ site: SiteContext) -> [PageOutput] {
        let zone = site.snapshot.settings.timeZone
        var items: [Item] = []
        for activity in site.snapshot.activities {
            let local = activity.createdAtUTC.converted(fromUTCTo: zone)
            let description = Presentation.text(activity.description) ?? "\(Presentation.titleCase(activity.action)) \(activity.entityType.replacingOccurrences(of: "_", with: " "))"
            items.append(
                Item(
                    time: local, id: "a\(activity.id)",
                    context: [
                        "kind": activity.entityType == "time_entry" ? "time" : "project",
                        "title": description, "action": Presentation.titleCase(activity.action),
                        "project": Presentation.text(site.projectName(activity.projectID)) ?? "", "user": Presentation.text(site.userName(activity.userID)) ?? "",
                        "when": site.format.dateTime(local), "iso": local.description,
                    ]))
        }
        for comment in site.snapshot.comments {
            let author = comment.userID.map { site.userName($0) } ?? comment.contactID.flatMap { site.snapshot.contacts[$0] } ?? "Unknown"
            let content = Presentation.text(comment.content) ?? ""
            items.append(
                Item(
                    time: comment.createdAt, id: "c\(comment.id)",
                    context: [
                        "kind": "comment", "title": Presentation.truncated(content, 200), "action": "Commented", "comment": true,
                        "project": Presentation.text(site.projectName(comment.projectID)) ?? "", "user": Presentation.text(author) ?? "",
                        "when": site.format.dateTime(comment.createdAt), "iso": comment.createdAt.description,
                    ]))
        }
        items += documentEvents(site)
        items.sort { ($0.time, $0.id) > ($1.time, $1.id) }
        let pagination = Pagination(count: items.count, size: site.pageSize, base: "index")
        return (1...pagination.pageCount).map { page in
            let slice = items[pagination.range(page)].map(\.context)
            // `itemsHTML` is the items rendered one by one with the `activity-item` partial (each item's stencil
            // filled, where a page of a hundred items never repeats its shape and Mustache would render it
            // whole); `items` stays for themes whose activity template iterates them.
            return PageOutput(
                path: "activity/\(pagination.file(page))", template: "activity",
                title: pagination.pageCount > 1 ? "Activity (page \(page) of \(pagination.pageCount))" : "Activity", section: "activity",
                context: ["items": Array(slice), "empty": slice.isEmpty, "pager": pagination.links(current: page) ?? false],
                partialLists: ["itemsHTML": PartialList(partial: "activity-item", rows: slice.map(DictionaryRow.init))])
        }
    }

    /// Invoice, quote and approval events, each linking to its page. Date-only events (an invoice's issue
    /// date, a payment's date) sort at the start of their day and show the date alone.
    static func documentEvents(_ site: SiteContext) -> [Item] {
        let zone = site.snapshot.settings.timeZone
        var items: [Item] = []
        func add(_ kind: String, _ id: String, _ action: String, _ title: String, href: String, at time: LocalDateTime, dateOnly: Bool = false) {
            items.append(
                Item(
                    time: time, id: id,
                    context: [
                        "kind": kind, "title": title, "action": action, "href": "../\(href)",
                        "when": dateOnly ? site.format.date(time.date) : site.format.dateTime(time), "iso": dateOnly ? time.date.iso : time.description,
                    ]))
        }
        func startOf(_ date: CalendarDate) -> LocalDateTime { LocalDateTime(date: date, secondOfDay: 0) }
        if site.branding.showInvoices {
            for invoice in site.snapshot.invoices {
                let number = Presentation.text(invoice.number) ?? ""
                let href = "invoices/\(invoice.id).html"
                add("invoice", "i\(invoice.id)", "Issued", "Invoice \(number) issued: \(Money(invoice.total, invoice.currency).formatted)", href: href, at: startOf(invoice.issueDate), dateOnly: true)
                for payment in invoice.payments where payment.status == "completed" && payment.amount > 0 {
                    add(
                        "invoice", "p\(payment.id)", "Paid", "Payment of \(Money(payment.amount, payment.currency?.uppercased() ?? invoice.currency).formatted) received for invoice \(number)",
                        href: href, at: startOf(payment.date), dateOnly: true)
                }
            }
        }
        if site.showsQuotes {
            for quote in site.snapshot.quotes {
                let number = Presentation.text(quote.number) ?? ""
                let href = "quotes/\(quote.id).html"
                add("quote", "qs\(quote.id)", "Sent", "Quote \(number) sent: \(Money(quote.total, quote.currency).formatted)", href: href, at: quote.sentAt ?? quote.createdAt)
                if quote.status == "accepted", let at = quote.acceptedAt { add("quote", "qa\(quote.id)", "Accepted", "Quote \(number) accepted", href: href, at: at) }
                if quote.status == "rejected", let at = quote.rejectedAt { add("quote", "qr\(quote.id)", "Declined", "Quote \(number) declined", href: href, at: at) }
            }
        }
        for approval in site.snapshot.approvals {
            let href = "approvals/\(approval.id).html"
            let entry = "time entry #\(approval.timeEntryID)"
            add("approval", "ar\(approval.id)", "Requested", "Approval of \(entry) requested", href: href, at: approval.requestedAtUTC.converted(fromUTCTo: zone))
            if approval.status == "approved", let at = approval.approvedAtUTC {
                add("approval", "aa\(approval.id)", "Approved", "Time entry #\(approval.timeEntryID) approved", href: href, at: at.converted(fromUTCTo: zone))
            }
            if approval.status == "rejected", let at = approval.rejectedAtUTC {
                add("approval", "aj\(approval.id)", "Rejected", "Time entry #\(approval.timeEntryID) rejected", href: href, at: at.converted(fromUTCTo: zone))
            }
        }
        return items
    }
}

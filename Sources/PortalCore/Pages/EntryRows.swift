/// A time-entry row's values for the theme's `entry-row` partial and the dashboard's recent entries.
struct EntryRow: PartialRow {
    var billable: Bool
    var date: String
    var direct: Bool
    var duration: String
    var end: String
    var isoDate: String
    var notes: String?
    var project: String
    var shortNotes: String?
    var start: String
    var tags: [String]?
    var task: String?
    var user: String

    var context: [String: Any] {
        var row: [String: Any] = [
            "billable": billable, "date": date, "direct": direct, "duration": duration, "end": end, "isoDate": isoDate,
            "project": project, "start": start, "user": user,
        ]
        row["notes"] = notes
        row["shortNotes"] = shortNotes
        row["tags"] = tags?.map { ["tag": $0] }
        row["task"] = task
        return row
    }

    /// The shape of ``context`` without building it (a million rows at 100 %): the keys in the sorted order
    /// in which ``ContextShape`` walks a dictionary. Debug builds check that both agree.
    var shape: ContextShape {
        var shape = ContextShape()
        shape.open()
        shape.flag("billable", billable)
        shape.leaf("date", date)
        shape.flag("direct", direct)
        shape.leaf("duration", duration)
        shape.leaf("end", end)
        shape.leaf("isoDate", isoDate)
        if let notes { shape.leaf("notes", notes) }
        shape.leaf("project", project)
        if let shortNotes { shape.leaf("shortNotes", shortNotes) }
        shape.leaf("start", start)
        if let tags {
            shape.openList("tags")
            for tag in tags {
                shape.open()
                shape.leaf("tag", tag)
                shape.close()
            }
            shape.closeList()
        }
        if let task { shape.leaf("task", task) }
        shape.leaf("user", user)
        shape.close()
        assert(shape == ContextShape(context), "EntryRow.shape must list the keys of EntryRow.context in sorted order")
        return shape
    }
}

/// Table rows for time entries, shared by the time-entries, reports and dashboard pages.
extension SiteContext {
    func entryRow(_ entry: TimeEntryRecord) -> EntryRow {
        let notes = Presentation.text(entry.notes)
        return EntryRow(
            billable: entry.billable, date: format.date(entry.start.date), direct: entry.projectID == nil, duration: format.hours(entry.hours),
            end: format.time(entry.end), isoDate: entry.start.date.iso, notes: notes, project: Presentation.text(projectName(entry.projectID)) ?? "",
            shortNotes: notes.map { Presentation.truncated($0, 50) }, start: format.time(entry.start),
            tags: entry.tags.map { $0.split(separator: ",").map { Presentation.text(String(Presentation.trimmed($0))) ?? "" } },
            task: entry.taskID.flatMap { tasksByID[$0] }.flatMap { Presentation.text($0.name) }, user: Presentation.text(userName(entry.userID)) ?? "")
    }
}

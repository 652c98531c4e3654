/// Table rows for time entries, shared by the dashboard, time-entries and reports pages.
extension SiteContext {
    func entryRow(_ entry: TimeEntryRecord) -> [String: Any] {
        var row: [String: Any] = [
            "date": format.date(entry.start.date),
            "isoDate": entry.start.date.iso,
            "start": format.time(entry.start),
            "end": format.time(entry.end),
            "project": Presentation.text(projectName(entry.projectID)) ?? "",
            "direct": entry.projectID == nil,
            "user": Presentation.text(userName(entry.userID)) ?? "",
            "duration": entry.hours.short,
            "billable": entry.billable,
        ]
        if let taskID = entry.taskID, let task = tasksByID[taskID] { row["task"] = Presentation.text(task.name) }
        if let notes = Presentation.text(entry.notes) {
            row["notes"] = notes
            row["shortNotes"] = Presentation.truncated(notes, 50)
        }
        if let tags = entry.tags {
            row["tags"] = tags.split(separator: ",").map { ["tag": Presentation.text(String($0).trimmingCharacters(in: .whitespaces)) ?? ""] }
        }
        return row
    }
}

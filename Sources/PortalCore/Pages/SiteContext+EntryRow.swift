/// Table rows for time entries, shared by the time-entries, reports, project and dashboard pages: the
/// context of the theme's `entry-row` partial, without the user or the tags where the client's pages hide them.
extension SiteContext {
    func entryRow(_ entry: TimeEntryRecord) -> ListRow {
        let notes = Presentation.text(entry.notes)
        let tags = (shown.tags ? entry.tags : nil).map {
            $0.split(separator: ",").map { ListRow(["tag": .text(Presentation.text(String(Presentation.trimmed($0))) ?? "")]) }
        }
        return ListRow(
            id: entry.id,
            [
                "billable": .flag(entry.billable), "date": .text(format.date(entry.start.date)), "direct": .flag(entry.projectID == nil),
                "duration": .text(format.hours(entry.hours)), "end": .text(format.time(entry.end)), "isoDate": .text(entry.start.date.iso),
                "notes": notes.map(ListValue.text), "project": .text(Presentation.text(projectName(entry.projectID)) ?? ""),
                "shortNotes": notes.map { .text(Presentation.truncated($0, 50)) }, "start": .text(format.time(entry.start)),
                "tags": tags.map(ListValue.list),
                "task": entry.taskID.flatMap { tasksByID[$0] }.flatMap { Presentation.text($0.name) }.map(ListValue.text),
                "user": shown.staffNames ? ListValue.text(Presentation.text(userName(entry.userID)) ?? "") : nil,
            ])
    }
}

/// A row of a report's hours-per-day table, for the theme's `report-day-row` partial.
struct DayRow: PartialRow {
    var date: String
    var hours: String

    var context: [String: Any] { ["date": date, "hours": hours] }

    var shape: ContextShape {
        var shape = ContextShape()
        shape.open()
        shape.leaf("date", date)
        shape.leaf("hours", hours)
        shape.close()
        assert(shape == ContextShape(context), "DayRow.shape must list the keys of DayRow.context in sorted order")
        return shape
    }
}

/// The filter form above a list (time entries, invoices, payments, statement): text, project, status and
/// from–to dates, applied by `assets/search.js` to the rows of the client's ``SearchIndex`` table of the same
/// id, so a range spans every month and page of the list. The form is `hidden` until the script runs:
/// without JavaScript the list's own pages and CSV are all there is, and they are complete.
enum ListFilter {
    /// The context of the theme's `list-filter` partial: the table's id, the projects its rows name (by
    /// name, "(Direct)" last as `direct`), and the statuses offered.
    static func context(_ site: SiteContext, table: String, projects: some Sequence<Int64?>, statuses: [(value: String, label: String)]) -> [String: Any] {
        let ids = Set(projects)
        let named = ids.compactMap { $0 }.map { (id: $0, label: Presentation.text(site.projectName($0)) ?? "") }.sorted {
            ($0.label, $0.id) < ($1.label, $1.id)
        }
        var options: [[String: Any]] = named.map { ["value": String($0.id), "label": $0.label] }
        if ids.contains(nil) { options.append(["value": "direct", "label": site.t("(Direct)")]) }
        return [
            "table": table, "projects": options, "hasProjects": options.count > 1,
            "statuses": statuses.map { ["value": $0.value, "label": $0.label] }, "hasStatuses": statuses.count > 1,
            // Filled in by the script, so their placeholders stay.
            "matching": site.t("Matching rows: {{count}}", ["count": "{{count}}"]), "totalHours": site.t("Total hours: {{hours}}", ["hours": "{{hours}}"]),
            "caption": site.t("Rows matching the filter"),
        ]
    }
}

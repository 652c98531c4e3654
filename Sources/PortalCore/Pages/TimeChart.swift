import Foundation

/// An inline SVG bar chart of hours per day. Built from numbers, dates and catalog text only (no database
/// text), inserted unescaped, its text alternative escaped all the same; it carries a text alternative for
/// screen readers. Bars run left to right, as time does, in right-to-left pages too.
enum TimeChart {
    static func svg(_ series: [(CalendarDate, Hours)], site: SiteContext, days: Int) -> String {
        let format = site.format
        let width = 720.0, height = 180.0, top = 12.0, bottom = 24.0, left = 36.0
        let maxCenti = max(series.map(\.1.centi).max() ?? 0, 100)
        let scaleTop = Double((maxCenti + 99) / 100)  // whole hours
        let plotHeight = height - top - bottom
        let step = (width - left) / Double(max(series.count, 1))
        let barWidth = max(step * 0.75, 1)
        let total = series.reduce(Hours.zero) { $0 + $1.1 }
        let busiest = series.max { $0.1 < $1.1 }
        var description = site.t(
            "Hours per day from {{from}} to {{to}}: {{total}} in total",
            [
                "from": format.date(series.first?.0 ?? CalendarDate(dayNumber: 0)), "to": format.date(series.last?.0 ?? CalendarDate(dayNumber: 0)),
                "total": format.hours(total),
            ])
        if let busiest, busiest.1 != .zero {
            description = site.t(
                "{{summary}}, most on {{date}} ({{hours}})", ["summary": description, "date": format.date(busiest.0), "hours": format.hours(busiest.1)])
        }
        var escaped = ""
        HTMLEscaping.append(description, to: &escaped)
        description = escaped
        var svg =
            "<svg class=\"chart\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" role=\"img\" aria-labelledby=\"chart-title-\(days)\" preserveAspectRatio=\"none\">"
        svg += "<title id=\"chart-title-\(days)\">\(description)</title>"
        for fraction in [0.0, 0.5, 1.0] {
            let y = top + plotHeight * (1 - fraction)
            svg += "<line class=\"grid\" x1=\"\(Int(left))\" y1=\"\(f(y))\" x2=\"\(Int(width))\" y2=\"\(f(y))\"/>"
            svg +=
                "<text class=\"axis\" x=\"\(Int(left) - 4)\" y=\"\(f(y + 4))\" text-anchor=\"end\">\(format.number(Decimal(scaleTop * fraction), fraction: scaleTop * fraction == (scaleTop * fraction).rounded() ? 0 : 1))h</text>"
        }
        for (index, point) in series.enumerated() {
            let value = Double(point.1.centi) / 100
            let barHeight = plotHeight * value / scaleTop
            let x = left + Double(index) * step + (step - barWidth) / 2
            if point.1.centi > 0 {
                // Appended piece by piece: up to 365 bars per chart, four charts per client.
                svg += "<rect class=\"bar\" x=\""
                svg += f(x)
                svg += "\" y=\""
                svg += f(top + plotHeight - barHeight)
                svg += "\" width=\""
                svg += f(barWidth)
                svg += "\" height=\""
                svg += f(barHeight)
                svg += "\"><title>"
                svg += format.date(point.0)
                svg += ": "
                svg += format.hours(point.1)
                svg += "</title></rect>"
            }
        }
        let labelEvery = max(1, series.count / 6)
        for (index, point) in series.enumerated() where index % labelEvery == 0 {
            let x = left + Double(index) * step + step / 2
            svg += "<text class=\"axis\" x=\"\(f(x))\" y=\"\(Int(height) - 6)\" text-anchor=\"middle\">\(format.date(point.0))</text>"
        }
        return svg + "</svg>"
    }

    /// One decimal (coordinates are never negative).
    private static func f(_ value: Double) -> String {
        let tenths = Int((value * 10).rounded())
        return "\(tenths / 10).\(tenths % 10)"
    }
}

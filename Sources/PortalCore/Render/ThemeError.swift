/// A theme that cannot be used: the message names the file and, for template syntax, the line and column.
package struct ThemeError: Error, CustomStringConvertible, Sendable, Hashable {
    package var theme: String
    package var file: String?
    package var line: Int?
    package var column: Int?
    package var message: String

    package init(theme: String, file: String? = nil, line: Int? = nil, column: Int? = nil, message: String) {
        self.theme = theme
        self.file = file
        self.line = line
        self.column = column
        self.message = message
    }

    package var description: String {
        var location = file ?? "Themes/\(theme)"
        if let line { location += ":\(line)" }
        if let column { location += ":\(column)" }
        return "\(location): theme \"\(theme)\": \(message)"
    }
}

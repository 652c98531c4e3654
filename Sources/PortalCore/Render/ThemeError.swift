/// A theme that cannot be used: the message names the file and, for template syntax, the line and column.
public struct ThemeError: Error, CustomStringConvertible, Sendable, Hashable {
    public var theme: String
    public var file: String?
    public var line: Int?
    public var column: Int?
    public var message: String

    public init(theme: String, file: String? = nil, line: Int? = nil, column: Int? = nil, message: String) {
        self.theme = theme
        self.file = file
        self.line = line
        self.column = column
        self.message = message
    }

    public var description: String {
        var location = file ?? "Themes/\(theme)"
        if let line { location += ":\(line)" }
        if let column { location += ":\(column)" }
        return "\(location): theme \"\(theme)\": \(message)"
    }
}

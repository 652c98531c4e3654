/// A problem with `config.json`, naming the file and the key.
package struct ConfigurationError: Error, CustomStringConvertible, Sendable {
    package var file: String
    package var message: String

    package init(file: String, message: String) {
        self.file = file
        self.message = message
    }

    package var description: String { "\(file): \(message)" }

    static func describe(_ error: DecodingError) -> String {
        func path(_ codingPath: [any CodingKey]) -> String {
            codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
        }
        switch error {
        case .dataCorrupted(let context):
            return context.codingPath.isEmpty ? "is not valid JSON (\(context.debugDescription))" : context.debugDescription
        case .keyNotFound(let key, let context):
            let parent = path(context.codingPath)
            return "key \"\(parent.isEmpty ? "" : parent + ".")\(key.stringValue)\" is required but missing"
        case .typeMismatch(let type, let context), .valueNotFound(let type, let context):
            return "key \"\(path(context.codingPath))\" should be \(describeType(type))"
        @unknown default:
            return "is not a valid configuration (\(error))"
        }
    }

    private static func describeType(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: return "a string"
        case is Int.Type: return "an integer"
        case is Bool.Type: return "true or false"
        case is Double.Type: return "a number"
        default: return "an object of the documented shape"
        }
    }
}

import Foundation

/// A gettext `Plural-Forms` rule, such as Arabic's
/// `nplurals=6; plural=(n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 : n%100>=11 ? 4 : 5);`
///
/// The expression is C's integer subset that translators' tools write and GNU gettext evaluates: `n`,
/// numbers, `! % * / + - < <= > >= == != && || ?:` and parentheses. It is parsed once per catalog.
package struct PluralRule: Sendable {
    package let count: Int
    private let expression: Node

    /// English's rule: one form for 1, another for the rest.
    static let english = PluralRule(count: 2, expression: .binary("!=", .n, .number(1)))

    private init(count: Int, expression: Node) {
        self.count = count
        self.expression = expression
    }

    /// Parses a `Plural-Forms` header value; the error says what is wrong.
    package init(header: String) throws(PluralRuleError) {
        var count: Int?
        var expressionText: String?
        for part in header.split(separator: ";") {
            let pair = part.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard pair.count == 2 else { continue }
            if pair[0] == "nplurals" { count = Int(pair[1]) }
            if pair[0] == "plural" { expressionText = pair[1] }
        }
        guard let count, (1...6).contains(count) else {
            throw PluralRuleError(message: "Plural-Forms needs nplurals=1…6, as in \"nplurals=2; plural=(n != 1);\"")
        }
        guard let expressionText else { throw PluralRuleError(message: "Plural-Forms needs a plural= expression") }
        var parser = Parser(tokens: try Self.tokens(expressionText))
        let node = try parser.ternary()
        guard parser.atEnd else { throw PluralRuleError(message: "Plural-Forms: unexpected \"\(parser.rest)\" in \(expressionText)") }
        self.init(count: count, expression: node)
    }

    /// The index of the form for `n`, within `0..<count`.
    package func form(for n: Int) -> Int {
        let value = expression.evaluate(n == Int.min ? 0 : abs(n))
        return value >= 0 && value < count ? value : count - 1
    }

    indirect enum Node: Sendable {
        case n
        case number(Int)
        case not(Node)
        case binary(String, Node, Node)
        case ternary(Node, Node, Node)

        func evaluate(_ n: Int) -> Int {
            switch self {
            case .n: return n
            case .number(let value): return value
            case .not(let operand): return operand.evaluate(n) == 0 ? 1 : 0
            case .ternary(let condition, let yes, let no): return condition.evaluate(n) != 0 ? yes.evaluate(n) : no.evaluate(n)
            case .binary(let op, let left, let right):
                let a = left.evaluate(n)
                if op == "&&" { return a != 0 && right.evaluate(n) != 0 ? 1 : 0 }
                if op == "||" { return a != 0 || right.evaluate(n) != 0 ? 1 : 0 }
                let b = right.evaluate(n)
                switch op {
                case "%": return b == 0 ? 0 : a % b
                case "/": return b == 0 ? 0 : a / b
                case "*": return a &* b
                case "+": return a &+ b
                case "-": return a &- b
                case "<": return a < b ? 1 : 0
                case "<=": return a <= b ? 1 : 0
                case ">": return a > b ? 1 : 0
                case ">=": return a >= b ? 1 : 0
                case "==": return a == b ? 1 : 0
                default: return a != b ? 1 : 0
                }
            }
        }
    }

    private static func tokens(_ text: String) throws(PluralRuleError) -> [String] {
        var tokens: [String] = []
        let characters = Array(text)
        var index = 0
        while index < characters.count {
            let character = characters[index]
            if character.isWhitespace {
                index += 1
            } else if character.isASCII, character.isNumber {
                var number = ""
                while index < characters.count, characters[index].isASCII, characters[index].isNumber {
                    number.append(characters[index])
                    index += 1
                }
                tokens.append(number)
            } else if index + 1 < characters.count, ["&&", "||", "<=", ">=", "==", "!="].contains(String(characters[index...index + 1])) {
                tokens.append(String(characters[index...index + 1]))
                index += 2
            } else if "n!%*/+-<>?:()".contains(character) {
                tokens.append(String(character))
                index += 1
            } else {
                throw PluralRuleError(message: "Plural-Forms: \"\(character)\" is not part of a plural expression")
            }
        }
        return tokens
    }

    /// Precedence climbing over C's operators, lowest first.
    private struct Parser {
        var tokens: [String]
        var position = 0

        var atEnd: Bool { position == tokens.count }
        var rest: String { tokens[position...].joined(separator: " ") }

        static let levels: [[String]] = [["||"], ["&&"], ["==", "!="], ["<", "<=", ">", ">="], ["+", "-"], ["*", "/", "%"]]

        mutating func ternary() throws(PluralRuleError) -> Node {
            let condition = try binary(0)
            guard position < tokens.count, tokens[position] == "?" else { return condition }
            position += 1
            let yes = try ternary()
            guard position < tokens.count, tokens[position] == ":" else { throw PluralRuleError(message: "Plural-Forms: \"?\" without \":\"") }
            position += 1
            return .ternary(condition, yes, try ternary())
        }

        mutating func binary(_ level: Int) throws(PluralRuleError) -> Node {
            guard level < Self.levels.count else { return try unary() }
            var left = try binary(level + 1)
            while position < tokens.count, Self.levels[level].contains(tokens[position]) {
                let op = tokens[position]
                position += 1
                left = .binary(op, left, try binary(level + 1))
            }
            return left
        }

        mutating func unary() throws(PluralRuleError) -> Node {
            guard position < tokens.count else { throw PluralRuleError(message: "Plural-Forms: the expression ends too early") }
            let token = tokens[position]
            position += 1
            switch token {
            case "!": return .not(try unary())
            case "n": return .n
            case "(":
                let inner = try ternary()
                guard position < tokens.count, tokens[position] == ")" else { throw PluralRuleError(message: "Plural-Forms: \"(\" without \")\"") }
                position += 1
                return inner
            default:
                guard let value = Int(token) else { throw PluralRuleError(message: "Plural-Forms: unexpected \"\(token)\"") }
                return .number(value)
            }
        }
    }
}

package struct PluralRuleError: Error, Sendable {
    package var message: String
}

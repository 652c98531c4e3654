import Foundation

/// A `#rrggbb` colour, the only colour form portalgen accepts from the database or config.
package struct HexColor: Hashable, Sendable, CustomStringConvertible {
    package let red: Int, green: Int, blue: Int

    /// Parses `#rrggbb`; anything else (names, `rgb()`, `</style>`) is nil.
    package init?(_ text: String) {
        let utf8 = Array(text.utf8)
        guard utf8.count == 7, utf8[0] == UInt8(ascii: "#") else { return nil }
        var values: [Int] = []
        for index in stride(from: 1, to: 7, by: 2) {
            guard let high = Self.nibble(utf8[index]), let low = Self.nibble(utf8[index + 1]) else { return nil }
            values.append(high * 16 + low)
        }
        (red, green, blue) = (values[0], values[1], values[2])
    }

    private static func nibble(_ byte: UInt8) -> Int? {
        switch byte {
        case 48...57: return Int(byte - 48)
        case 97...102: return Int(byte - 87)
        case 65...70: return Int(byte - 55)
        default: return nil
        }
    }

    package var description: String {
        let digits = Array("0123456789abcdef")
        return "#" + [red, green, blue].map { "\(digits[$0 / 16])\(digits[$0 % 16])" }.joined()
    }

    /// WCAG 2.1 relative luminance.
    var luminance: Double {
        func channel(_ value: Int) -> Double {
            let c = Double(value) / 255
            return c <= 0.03928 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4)
        }
        return 0.2126 * channel(red) + 0.7152 * channel(green) + 0.0722 * channel(blue)
    }

    /// WCAG 2.1 contrast ratio between two colours, 1...21.
    func contrast(with other: HexColor) -> Double {
        let (a, b) = (luminance, other.luminance)
        return (max(a, b) + 0.05) / (min(a, b) + 0.05)
    }

    /// This colour mixed towards black or white (whichever the background is farther from) until its
    /// contrast against `background` reaches `ratio`; the colour itself when it already does.
    package func readable(on background: HexColor, ratio: Double = 4.5) -> HexColor {
        if contrast(with: background) >= ratio { return self }
        let target = background.luminance > 0.5 ? (0.0, 0.0, 0.0) : (255.0, 255.0, 255.0)
        for step in 1...20 {
            let t = Double(step) / 20
            func mix(_ value: Int, _ goal: Double) -> Int { Int((Double(value) + (goal - Double(value)) * t).rounded()) }
            let candidate = HexColor(red: mix(red, target.0), green: mix(green, target.1), blue: mix(blue, target.2))
            if candidate.contrast(with: background) >= ratio { return candidate }
        }
        return background.luminance > 0.5 ? HexColor(red: 0, green: 0, blue: 0) : HexColor(red: 255, green: 255, blue: 255)
    }

    init(red: Int, green: Int, blue: Int) {
        self.red = red
        self.green = green
        self.blue = blue
    }

    /// White or near-black, whichever reads better on this colour.
    var readableText: HexColor {
        let white = HexColor("#ffffff")!, dark = HexColor("#111827")!
        return contrast(with: white) >= contrast(with: dark) ? white : dark
    }
}

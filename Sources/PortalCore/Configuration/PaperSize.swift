/// The paper a client's documents are printed on: what `config.json` says (`"paper"`, per client or for all),
/// else US Letter where the client's region uses it and A4 elsewhere.
package enum PaperSize: String, Sendable {
    case a4 = "A4"
    case letter

    /// `"A4"` or `"letter"` as `config.json` spells them (any case); nil for anything else.
    package init?(named name: String) {
        switch name.lowercased() {
        case "a4": self = .a4
        case "letter": self = .letter
        default: return nil
        }
    }

    /// CLDR's paper size by region: Letter in the Americas that use it and the Philippines.
    package init(region: String?) {
        self = ["US", "CA", "MX", "PR", "CL", "CO", "CR", "GT", "PA", "PH", "SV", "VE", "BZ", "DO", "NI"].contains(region ?? "") ? .letter : .a4
    }
}

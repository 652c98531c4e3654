/// The paper a client's documents are printed on: US Letter where the client's region uses it, A4 elsewhere.
package enum PaperSize: String, Sendable {
    case a4 = "A4"
    case letter

    /// CLDR's paper size by region: Letter in the Americas that use it and the Philippines.
    package init(region: String?) {
        self = ["US", "CA", "MX", "PR", "CL", "CO", "CR", "GT", "PA", "PH", "SV", "VE", "BZ", "DO", "NI"].contains(region ?? "") ? .letter : .a4
    }
}

/// Why a PDF was not made: the engine could not start or refused the page.
package struct PDFEngineError: Error, CustomStringConvertible, Sendable {
    package var message: String
    package var description: String { message }

    init(message: String) { self.message = message }

    init(_ error: any Error) { message = (error as? PDFEngineError)?.message ?? "\(error)" }

    /// What an admin does about a missing engine.
    package var advice: String {
        "PDFs need WeasyPrint (\(message)): install it with `pip install weasyprint` (or Debian's `apt install weasyprint`), or set \"pdf\": false; pages keep their print button and link no PDF"
    }
}

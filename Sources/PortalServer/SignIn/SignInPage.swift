import Foundation
import PortalCore

/// The sign-in page: one form (login, password, "keep me signed in"), in the browser's language, with the
/// company's name and the default theme's look. No JavaScript, no client data (the client is not known
/// yet), autocomplete attributes that password managers read, and a stylesheet of its own (`/sign-in.css`),
/// the only other thing served without a session.
struct SignInPage {
    var language: String
    var company: String
    var timetrackerURL: String?
    var message: String?
    /// The path to return to after signing in.
    var returnTo: String = "/"
    var login: String = ""

    func html() -> String {
        func t(_ key: SignInWords.Key) -> String { SignInWords.text(key, language) }
        func e(_ text: String) -> String { HTMLEscaping.escaped(text) }
        let direction = SignInWords.rightToLeft.contains(language) ? "rtl" : "ltr"
        let name = company.isEmpty ? "" : company
        let forgot = t(.forgot).replacingOccurrences(of: "{company}", with: "<bdi>\(e(name.isEmpty ? "—" : name))</bdi>")
        var lines = [
            "<!DOCTYPE html>",
            "<html lang=\"\(language)\" dir=\"\(direction)\">",
            "<head>",
            "<meta charset=\"utf-8\">",
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">",
            "<meta name=\"robots\" content=\"noindex\">",
            "<title>\(e(t(.title)))\(name.isEmpty ? "" : " · " + e(name))</title>",
            "<link rel=\"stylesheet\" href=\"/sign-in.css\">",
            "</head>",
            "<body>",
            "<main class=\"sign-in\">",
            name.isEmpty ? "" : "<p class=\"company\"><bdi>\(e(name))</bdi></p>",
            "<h1>\(e(t(.heading)))</h1>",
        ]
        if let message { lines.append("<p class=\"message\" role=\"alert\">\(e(message))</p>") }
        lines += [
            "<form method=\"post\" action=\"/sign-in\">",
            "<input type=\"hidden\" name=\"rd\" value=\"\(e(returnTo))\">",
            "<p><label for=\"login\">\(e(t(.login)))</label>",
            "<input id=\"login\" name=\"login\" type=\"text\" autocomplete=\"username\" autocapitalize=\"none\" spellcheck=\"false\" required value=\"\(e(login))\"\(login.isEmpty ? " autofocus" : "")></p>",
            "<p><label for=\"password\">\(e(t(.password)))</label>",
            "<input id=\"password\" name=\"password\" type=\"password\" autocomplete=\"current-password\" required\(login.isEmpty ? "" : " autofocus")></p>",
            "<p class=\"remember\"><input id=\"remember\" name=\"remember\" type=\"checkbox\" value=\"1\"> <label for=\"remember\">\(e(t(.remember)))</label></p>",
            "<p><button type=\"submit\">\(e(t(.submit)))</button></p>",
            "</form>",
            "<p class=\"help\">\(forgot)</p>",
        ]
        if let timetrackerURL { lines.append("<p class=\"help\"><a href=\"\(e(timetrackerURL))/client-portal/login\">\(e(t(.timetracker)))</a></p>") }
        lines += ["</main>", "</body>", "</html>"]
        return lines.filter { !$0.isEmpty }.joined(separator: "\n") + "\n"
    }

    /// The page's stylesheet: the default theme's colours, a card centred on any screen.
    static let css = """
        *, *::before, *::after { box-sizing: border-box; }
        html { -webkit-text-size-adjust: 100%; }
        body { margin: 0; font-family: system-ui, sans-serif; font-size: 1rem; line-height: 1.5; color: #1f2937; background: #f5f6fa; }
        .sign-in { max-width: 26rem; margin: clamp(1rem, 8vh, 5rem) auto; padding: 1.5rem clamp(1rem, 5vw, 2rem); background: #fff;
          border: 1px solid #d1d5db; border-radius: 10px; }
        .company { margin: 0 0 .25rem; font-weight: 700; color: #4338ca; }
        h1 { font-size: 1.4rem; line-height: 1.25; margin: 0 0 1rem; }
        label { display: block; font-weight: 600; margin-bottom: .25rem; }
        input[type=text], input[type=password] { width: 100%; font: inherit; padding: .6rem .7rem; border: 1px solid #6b7280; border-radius: 6px; }
        .remember { display: flex; align-items: center; gap: .5rem; }
        .remember label { display: inline; font-weight: 400; margin: 0; }
        .remember input { width: 1.25rem; height: 1.25rem; margin: 0; }
        button { font: inherit; font-weight: 600; width: 100%; padding: .7rem 1rem; color: #fff; background: #4338ca; border: 0; border-radius: 6px; cursor: pointer; }
        button:hover { background: #3730a3; }
        :focus-visible { outline: 3px solid #b45309; outline-offset: 2px; }
        .message { padding: .6rem .8rem; border-radius: 6px; background: #fef2f2; color: #991b1b; border: 1px solid #fca5a5; }
        .help { font-size: .9rem; color: #4b5563; }
        a { color: #4338ca; }
        p { margin: 0 0 1rem; }

        """
}

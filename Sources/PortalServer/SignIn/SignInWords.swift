import Foundation

/// The sign-in page's words in the twelve languages portalgen's portals speak, chosen from the browser's
/// `Accept-Language` (the client is not known before signing in, so neither is its configured language).
enum SignInWords {
    enum Key: String, CaseIterable {
        case title, heading, login, password, remember, submit, wrong, throttled, busy, forgot, signedOut, linkDead, timetracker
    }

    static let languages = ["en", "de", "fr", "es", "it", "nl", "pt", "fi", "nb", "no", "ar", "he"]
    static let rightToLeft: Set<String> = ["ar", "he"]

    /// The best of ``languages`` for an `Accept-Language` header (quality values honoured), else English.
    static func language(accept: String?) -> String {
        guard let accept else { return "en" }
        var best: (quality: Double, language: String)?
        for (position, part) in accept.split(separator: ",").enumerated() {
            let pieces = part.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
            guard let tag = pieces.first?.lowercased(), !tag.isEmpty else { continue }
            let quality = pieces.dropFirst().first { $0.hasPrefix("q=") }.flatMap { Double($0.dropFirst(2)) } ?? 1
            var primary = String(tag.split(separator: "-").first ?? "")
            if primary == "nn" { primary = "no" }
            guard languages.contains(primary), quality > 0 else { continue }
            let score = quality - Double(position) * 0.0001
            if best == nil || score > best!.quality { best = (score, primary) }
        }
        return best?.language ?? "en"
    }

    static func text(_ key: Key, _ language: String) -> String {
        table[language == "no" ? "nb" : language]?[key] ?? table["en"]![key]!
    }

    static let table: [String: [Key: String]] = [
        "en": [
            .title: "Sign in", .heading: "Sign in to your client portal", .login: "Username or e-mail", .password: "Password",
            .remember: "Keep me signed in", .submit: "Sign in", .wrong: "The username or password is not right.",
            .throttled: "Too many attempts. Try again in {seconds} seconds.", .busy: "Sign-in is busy. Try again in a moment.",
            .forgot: "Forgot your password? Ask {company} to send you a link to set a new one.", .signedOut: "You are signed out.",
            .linkDead: "This sign-in link was already used or has expired. Ask {company} for a new one.", .timetracker: "Open TimeTracker",
        ],
        "de": [
            .title: "Anmelden", .heading: "Anmeldung zu Ihrem Kundenportal", .login: "Benutzername oder E-Mail", .password: "Passwort",
            .remember: "Angemeldet bleiben", .submit: "Anmelden", .wrong: "Benutzername oder Passwort stimmen nicht.",
            .throttled: "Zu viele Versuche. Bitte in {seconds} Sekunden erneut versuchen.",
            .busy: "Die Anmeldung ist ausgelastet. Bitte gleich erneut versuchen.",
            .forgot: "Passwort vergessen? Bitten Sie {company} um einen Link, um ein neues festzulegen.", .signedOut: "Sie sind abgemeldet.",
            .linkDead: "Dieser Anmeldelink wurde bereits benutzt oder ist abgelaufen. Bitten Sie {company} um einen neuen.", .timetracker: "TimeTracker öffnen",
        ],
        "fr": [
            .title: "Connexion", .heading: "Connexion à votre portail client", .login: "Identifiant ou e-mail", .password: "Mot de passe",
            .remember: "Rester connecté", .submit: "Se connecter", .wrong: "L’identifiant ou le mot de passe est incorrect.",
            .throttled: "Trop de tentatives. Réessayez dans {seconds} secondes.", .busy: "La connexion est occupée. Réessayez dans un instant.",
            .forgot: "Mot de passe oublié ? Demandez à {company} un lien pour en définir un nouveau.", .signedOut: "Vous êtes déconnecté.",
            .linkDead: "Ce lien de connexion a déjà servi ou a expiré. Demandez-en un nouveau à {company}.", .timetracker: "Ouvrir TimeTracker",
        ],
        "es": [
            .title: "Iniciar sesión", .heading: "Inicie sesión en su portal de cliente", .login: "Usuario o correo electrónico", .password: "Contraseña",
            .remember: "Mantener la sesión iniciada", .submit: "Iniciar sesión", .wrong: "El usuario o la contraseña no son correctos.",
            .throttled: "Demasiados intentos. Vuelva a intentarlo en {seconds} segundos.",
            .busy: "El inicio de sesión está ocupado. Inténtelo de nuevo en un momento.",
            .forgot: "¿Olvidó su contraseña? Pida a {company} un enlace para establecer una nueva.", .signedOut: "Ha cerrado la sesión.",
            .linkDead: "Este enlace de acceso ya se usó o ha caducado. Pida uno nuevo a {company}.", .timetracker: "Abrir TimeTracker",
        ],
        "it": [
            .title: "Accedi", .heading: "Accedi al tuo portale clienti", .login: "Nome utente o e-mail", .password: "Password",
            .remember: "Resta connesso", .submit: "Accedi", .wrong: "Nome utente o password non corretti.",
            .throttled: "Troppi tentativi. Riprova tra {seconds} secondi.", .busy: "L’accesso è occupato. Riprova tra un momento.",
            .forgot: "Password dimenticata? Chiedi a {company} un link per impostarne una nuova.", .signedOut: "Sei uscito.",
            .linkDead: "Questo link di accesso è già stato usato o è scaduto. Chiedine uno nuovo a {company}.", .timetracker: "Apri TimeTracker",
        ],
        "nl": [
            .title: "Inloggen", .heading: "Log in op uw klantportaal", .login: "Gebruikersnaam of e-mail", .password: "Wachtwoord",
            .remember: "Ingelogd blijven", .submit: "Inloggen", .wrong: "De gebruikersnaam of het wachtwoord klopt niet.",
            .throttled: "Te veel pogingen. Probeer het over {seconds} seconden opnieuw.", .busy: "Inloggen is druk. Probeer het zo opnieuw.",
            .forgot: "Wachtwoord vergeten? Vraag {company} om een link om een nieuw wachtwoord in te stellen.", .signedOut: "U bent uitgelogd.",
            .linkDead: "Deze inloglink is al gebruikt of verlopen. Vraag {company} om een nieuwe.", .timetracker: "TimeTracker openen",
        ],
        "pt": [
            .title: "Iniciar sessão", .heading: "Inicie sessão no seu portal de cliente", .login: "Utilizador ou e-mail", .password: "Palavra-passe",
            .remember: "Manter sessão iniciada", .submit: "Iniciar sessão", .wrong: "O utilizador ou a palavra-passe não estão corretos.",
            .throttled: "Demasiadas tentativas. Tente novamente daqui a {seconds} segundos.",
            .busy: "O início de sessão está ocupado. Tente novamente dentro de momentos.",
            .forgot: "Esqueceu-se da palavra-passe? Peça a {company} uma ligação para definir uma nova.", .signedOut: "Terminou a sessão.",
            .linkDead: "Esta ligação de acesso já foi usada ou expirou. Peça uma nova a {company}.", .timetracker: "Abrir o TimeTracker",
        ],
        "fi": [
            .title: "Kirjaudu", .heading: "Kirjaudu asiakasportaaliisi", .login: "Käyttäjätunnus tai sähköposti", .password: "Salasana",
            .remember: "Pysy kirjautuneena", .submit: "Kirjaudu", .wrong: "Käyttäjätunnus tai salasana ei ole oikein.",
            .throttled: "Liian monta yritystä. Yritä uudelleen {seconds} sekunnin kuluttua.",
            .busy: "Kirjautuminen on ruuhkautunut. Yritä hetken kuluttua uudelleen.",
            .forgot: "Unohditko salasanasi? Pyydä yritykseltä {company} linkki uuden asettamiseen.", .signedOut: "Olet kirjautunut ulos.",
            .linkDead: "Tämä kirjautumislinkki on jo käytetty tai vanhentunut. Pyydä uusi yritykseltä {company}.", .timetracker: "Avaa TimeTracker",
        ],
        "nb": [
            .title: "Logg inn", .heading: "Logg inn på kundeportalen din", .login: "Brukernavn eller e-post", .password: "Passord",
            .remember: "Forbli innlogget", .submit: "Logg inn", .wrong: "Brukernavnet eller passordet er feil.",
            .throttled: "For mange forsøk. Prøv igjen om {seconds} sekunder.", .busy: "Innloggingen er opptatt. Prøv igjen om et øyeblikk.",
            .forgot: "Glemt passordet? Be {company} om en lenke for å velge et nytt.", .signedOut: "Du er logget ut.",
            .linkDead: "Denne innloggingslenken er allerede brukt eller utløpt. Be {company} om en ny.", .timetracker: "Åpne TimeTracker",
        ],
        "ar": [
            .title: "تسجيل الدخول", .heading: "سجّل الدخول إلى بوابة العملاء", .login: "اسم المستخدم أو البريد الإلكتروني", .password: "كلمة المرور",
            .remember: "إبقائي مسجّلًا", .submit: "تسجيل الدخول", .wrong: "اسم المستخدم أو كلمة المرور غير صحيحة.",
            .throttled: "محاولات كثيرة جدًا. حاول مرة أخرى بعد {seconds} ثانية.", .busy: "تسجيل الدخول مشغول. حاول مرة أخرى بعد قليل.",
            .forgot: "نسيت كلمة المرور؟ اطلب من {company} رابطًا لتعيين كلمة جديدة.", .signedOut: "لقد سجّلت الخروج.",
            .linkDead: "رابط الدخول هذا استُخدم من قبل أو انتهت صلاحيته. اطلب رابطًا جديدًا من {company}.", .timetracker: "فتح TimeTracker",
        ],
        "he": [
            .title: "כניסה", .heading: "כניסה לפורטל הלקוחות שלך", .login: "שם משתמש או דוא״ל", .password: "סיסמה",
            .remember: "להישאר מחובר", .submit: "כניסה", .wrong: "שם המשתמש או הסיסמה שגויים.",
            .throttled: "יותר מדי ניסיונות. נסו שוב בעוד {seconds} שניות.", .busy: "הכניסה עמוסה. נסו שוב בעוד רגע.",
            .forgot: "שכחת את הסיסמה? בקש מ־{company} קישור לקביעת סיסמה חדשה.", .signedOut: "יצאת מהמערכת.",
            .linkDead: "קישור הכניסה הזה כבר נוצל או שפג תוקפו. בקש קישור חדש מ־{company}.", .timetracker: "פתיחת TimeTracker",
        ],
    ]
}

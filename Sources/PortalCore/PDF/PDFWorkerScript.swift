/// The Python program each PDF worker runs: WeasyPrint, imported once, turning page after page into PDF/A-3b.
///
/// One request per line on standard input, one answer per line on standard output, both JSON:
/// `{"html": "<path>", "pdf": "<path>", "paper": "A4", "root": "<folder>"}` → `{"ok": true, "pages": 2}` or
/// `{"error": "…"}`. The page may read files under `root` and `data:` URLs, nothing else: no network, no other
/// file (a logo URL on the web or an admin's trusted HTML cannot make a worker fetch or embed anything).
/// The first line the worker prints says it is ready, which WeasyPrint it runs and which Factur-X library
/// (`{"ready": "70.0", "facturx": "7.8"}`; `null` when Akretion's `factur-x` is missing), or why it cannot start
/// (`{"error": "No module named 'weasyprint'"}`). A request with `"xml"` (an invoice's CII) and `"issued"`
/// (`2026-11-08`) gets a Factur-X PDF: the XML embedded as `factur-x.xml` (relationship Alternative, profile
/// EN 16931, checked against the Factur-X XSD), the Factur-X XMP, and every date in it the issue date, so the
/// same invoice always gives the same bytes. Fonts come from fontconfig (Debian's Noto
/// and DejaVu for scripts the theme's fonts lack); every font used is embedded, as PDF/A requires.
enum PDFWorkerScript {
    /// What a build needs to know before it prints anything, in a tenth of the worker's start: the versions
    /// WeasyPrint and `factur-x` are installed at (from the packages' metadata, without importing WeasyPrint),
    /// and whether Pango, which WeasyPrint loads at import, is there. Prints the worker's first line and ends.
    static let probe = #"""
        import ctypes, json
        from importlib import metadata, util

        def installed(package, module):
            try:
                return metadata.version(package) if util.find_spec(module) else None
            except metadata.PackageNotFoundError:
                return None

        weasyprint = installed("weasyprint", "weasyprint")
        if weasyprint is None:
            print(json.dumps({"error": "No module named 'weasyprint'"}), flush=True)
        else:
            try:
                ctypes.CDLL("libpango-1.0.so.0")
                print(json.dumps({"ready": weasyprint, "facturx": installed("factur-x", "facturx")}), flush=True)
            except OSError as error:
                print(json.dumps({"error": "WeasyPrint needs Pango (%s)" % error}), flush=True)
        """#

    static let source = #"""
        import json, os, sys, urllib.parse, urllib.request
        try:
            import weasyprint
            from weasyprint import CSS, HTML
            from weasyprint.urls import URLFetcher
        except Exception as error:  # WeasyPrint or one of its libraries (Pango) is missing
            print(json.dumps({"error": str(error)}), flush=True)
            sys.exit(0)

        class Local(URLFetcher):
            def __init__(self, root):
                super().__init__(allowed_protocols={"file", "data"})
                self.root = os.path.realpath(root)

            def fetch(self, url, headers=None):
                if url.startswith("file:"):
                    path = os.path.realpath(urllib.request.url2pathname(urllib.parse.urlsplit(url).path))
                    if not path.startswith(self.root + os.sep):
                        raise ValueError("not a file of the page: " + url[:80])
                return super().fetch(url, headers)

        try:
            import datetime, facturx, facturx.facturx as facturx_module

            class IssueDay(datetime.datetime):
                """The library stamps its metadata with now(); an invoice's PDF is dated its issue day instead."""
                day = None

                @classmethod
                def now(cls, tz=None):
                    return cls.day.replace(tzinfo=tz or datetime.timezone.utc)

            facturx_module.datetime = IssueDay
            facturx_version = getattr(facturx, "__version__", None) or "installed"
        except Exception:
            facturx_version = None
        paper = {size: CSS(string="@page { size: %s; }" % size) for size in ("A4", "letter")}
        print(json.dumps({"ready": weasyprint.__version__, "facturx": facturx_version}), flush=True)
        for line in sys.stdin:
            try:
                request = json.loads(line)
                page = HTML(filename=request["html"], url_fetcher=Local(request["root"]))
                document = page.render(stylesheets=[paper[request["paper"]]])
                # Links to the portal's other pages stay relative (`../invoices/12.html`), as on the page: they
                # work where the PDF is opened from the portal, and never name the folder it was printed in.
                folder = os.path.dirname(os.path.realpath(request["html"]))
                for printed in document.pages:
                    for index, (kind, target, rectangle, box) in enumerate(printed.links):
                        if kind == "external" and target.startswith("file:"):
                            path = urllib.request.url2pathname(urllib.parse.urlsplit(target).path)
                            fragment = urllib.parse.urlsplit(target).fragment
                            relative = os.path.relpath(path, folder) + ("#" + fragment if fragment else "")
                            printed.links[index] = (kind, relative, rectangle, box)
                pdf = document.write_pdf(pdf_variant="pdf/a-3b")
                if request.get("xml"):
                    IssueDay.day = datetime.datetime.fromisoformat(request["issued"] + "T12:00:00")
                    meta = document.metadata
                    with open(request["xml"], "rb") as xml:
                        pdf = facturx.generate_from_binary(
                            pdf, xml.read(), flavor="factur-x", level="en16931", check_xsd=True, afrelationship="alternative",
                            lang=meta.lang, pdf_metadata={"author": meta.authors[0] if meta.authors else "", "title": meta.title or "",
                                                          "subject": meta.title or "", "keywords": "Factur-X, EN 16931"})
                with open(request["pdf"], "wb") as output:
                    output.write(pdf)
                print(json.dumps({"ok": True, "pages": len(document.pages)}), flush=True)
            except Exception as error:
                print(json.dumps({"error": "%s: %s" % (type(error).__name__, error)}), flush=True)
        """#
}

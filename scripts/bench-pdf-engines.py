#!/usr/bin/env python3
"""PDFs per second of one long-lived worker of each engine, on the invoices of a built portal:
WeasyPrint (as portalgen's workers run it: PDF/A-3b, no Factur-X) and headless Chromium through
chromedriver (one browser, page after page, WebDriver's Print command).

    scripts/bench-pdf-engines.py output            # after `portalgen build` (or `demo`)
"""
import base64, glob, json, os, socket, subprocess, sys, tempfile, time, urllib.request

pages = sorted(p for p in glob.glob(os.path.join(sys.argv[1], "*", "invoices", "*.html"))
               if os.path.basename(p)[0].isdigit() and "-credit-" not in p)
statements = sorted(glob.glob(os.path.join(sys.argv[1], "*", "statement", "index.html")))
out = tempfile.mkdtemp(prefix="portalgen-bench-pdf-")


def weasyprint(files):
    import weasyprint
    weasyprint.HTML(string="<p>warm</p>").write_pdf()
    started = time.perf_counter()
    for index, path in enumerate(files):
        weasyprint.HTML(filename=path).write_pdf(os.path.join(out, f"w{index}.pdf"), pdf_variant="pdf/a-3b")
    return time.perf_counter() - started


def chromium(files):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    driver = subprocess.Popen(["chromedriver", f"--port={port}"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"

    def call(method, path, body=None):
        request = urllib.request.Request(base + path, method=method, data=json.dumps(body).encode() if body is not None else None,
                                         headers={"Content-Type": "application/json"})
        return json.load(urllib.request.urlopen(request, timeout=120))["value"]

    try:
        for _ in range(100):
            try:
                call("GET", "/status")
                break
            except OSError:
                time.sleep(0.1)
        session = call("POST", "/session", {"capabilities": {"alwaysMatch": {"goog:chromeOptions": {
            "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"]}}}})["sessionId"]
        call("POST", f"/session/{session}/url", {"url": "about:blank"})
        started = time.perf_counter()
        for index, path in enumerate(files):
            call("POST", f"/session/{session}/url", {"url": "file://" + os.path.abspath(path)})
            pdf = base64.b64decode(call("POST", f"/session/{session}/print", {"background": True}))
            open(os.path.join(out, f"c{index}.pdf"), "wb").write(pdf)
        elapsed = time.perf_counter() - started
        call("DELETE", f"/session/{session}")
        return elapsed
    finally:
        driver.kill()


for kind, files in (("invoices", pages), ("statements", statements)):
    if not files:
        continue
    for engine, run in (("WeasyPrint", weasyprint), ("Chromium", chromium)):
        seconds = run(files)
        print(f"{engine:10} {kind:10} {len(files):4} PDFs in {seconds:6.2f} s: {len(files) / seconds:5.2f} PDFs/s per worker")

#!/usr/bin/env bash
# Regenerates the README's screenshots in docs/ from a fresh demo at a fixed clock, with headless Chromium.
# Needs Debian's chromium and fonts-noto-cjk + fonts-noto-core (Japanese and Arabic text); run from anywhere:
#   swift build && scripts/screenshots.sh
# The sign-in screenshots come from the browser suite (SignInTests), which runs the daemon.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
bin=${BIN:-$root/.build/debug/portalgen}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# The repository's config with the demo's day as "today", so the pages' dates are the same on every run.
python3 -c 'import json, sys; c = json.load(open(sys.argv[1])); c["today"] = "2026-11-20"; json.dump(c, open(sys.argv[2], "w"))' \
  "$root/config.json" "$work/config.json"
(cd "$work" && "$bin" demo --now "2026-11-20 16:45:12" > /dev/null)
out="$work/output"

# The first page of a kind: `first <client> <folder> [suffix]`.
first() { (cd "$out/$1/$2" && ls | grep -E "^[0-9]+${3:-}\.html$" | sort -n | head -1); }
# An invoice with a payment QR code (unpaid, with an IBAN).
unpaid() { (cd "$out/$1/invoices" && ls | grep -E '^[0-9]+-pay\.svg$' | sort -n | head -1 | sed 's/-pay\.svg$/.html/'); }

shot() { # name width height page
  chromium --headless=new --no-sandbox --disable-gpu --hide-scrollbars --force-device-scale-factor=1 \
    --window-size="$2,$3" --screenshot="$root/docs/$1.png" "file://$out/$4" > /dev/null 2>&1
  echo "docs/$1.png  ←  $4"
}

shot dashboard-default 1280 1000 oreilly-sons/index.html
shot invoice-default 1280 1200 "oreilly-sons/invoices/$(first oreilly-sons invoices)"
shot invoice-dark 1280 1200 "acme-quotes-co/invoices/$(first acme-quotes-co invoices)"
shot dashboard-dark 1280 1000 acme-quotes-co/index.html
shot reports-corporate 1280 1200 nakamura-zhu-shi-hui-she/reports/index.html
shot time-entries-overview 1280 1000 oreilly-sons/time-entries/index.html
shot time-entries-default 1280 1000 "oreilly-sons/time-entries/$(cd "$out/oreilly-sons/time-entries" && ls | grep '^month-' | sort | tail -1)"
shot dashboard-mobile 390 1400 oreilly-sons/index.html
shot invoice-mobile 390 1400 "oreilly-sons/invoices/$(first oreilly-sons invoices)"
shot invoice-payment 1280 1300 "oreilly-sons/invoices/$(unpaid oreilly-sons)"
shot statement-default 1280 1200 oreilly-sons/statement/index.html
shot quote-default 1280 1200 "oreilly-sons/quotes/$(first oreilly-sons quotes)"
shot approvals-dark 1280 900 acme-quotes-co/approvals/index.html
shot unbilled-default 1280 1100 oreilly-sons/unbilled/index.html
# Search and a list filter: the script fills them in from the site's index (a moment of virtual time).
scripted() { # name width height page-with-query
  chromium --headless=new --no-sandbox --disable-gpu --hide-scrollbars --force-device-scale-factor=1 --virtual-time-budget=3000 \
    --window-size="$2,$3" --screenshot="$root/docs/$1.png" "file://$out/$4" > /dev/null 2>&1
  echo "docs/$1.png  ←  $4"
}
scripted search-default 1280 1000 "oreilly-sons/search/index.html?q=review"
scripted filter-time-entries 1280 1100 "oreilly-sons/time-entries/index.html?from=2026-10-01&to=2026-10-31&status=billable"
# The default theme where the reader's system is dark.
chromium --headless=new --no-sandbox --disable-gpu --hide-scrollbars --force-device-scale-factor=1 --force-dark-mode \
  --window-size=1280,1000 --screenshot="$root/docs/dashboard-dark-mode.png" "file://$out/oreilly-sons/index.html" > /dev/null 2>&1
echo "docs/dashboard-dark-mode.png  ←  oreilly-sons/index.html (system in dark mode)"
shot dashboard-german 1280 1100 mueller-soehne-gmbh/index.html
shot invoice-arabic 1280 1500 "zeta-startup/invoices/$(first zeta-startup invoices)"
# The first page of an invoice's PDF (Factur-X), as a PDF viewer shows it.
page="oreilly-sons/invoices/$(unpaid oreilly-sons)"
pdftoppm -r 80 -png -singlefile "$out/${page%.html}.pdf" "$root/docs/invoice-pdf" && echo "docs/invoice-pdf.png  ←  ${page%.html}.pdf"

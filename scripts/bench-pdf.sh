#!/usr/bin/env bash
# PDF numbers for the README, on the demo generator's data:
# - a full build with and without PDFs, how many PDFs it made, and PDFs per second (WeasyPrint, one worker per core);
# - `portalgen serve`: the time from an edited invoice's commit to its new PDF in the published site, p50/p95.
#   swift build -c release --scratch-path .build-release && BIN=.build-release/release/portalgen scripts/bench-pdf.sh
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
bin=${BIN:-$root/.build/release/portalgen}
work=${WORK:-/dev/shm/portalgen-bench-pdf}
rm -rf "$work" && mkdir -p "$work"
cd "$work"
"$bin" demo --out db.sqlite --clients "${CLIENTS:-20}" --invoices "${INVOICES:-10}" --now "2026-11-20 16:45:12" > /dev/null
config() { printf '{"database": "db.sqlite", "output": "%s", "today": "2026-11-20", "pdf": %s, "server": {"port": 0, "pollMilliseconds": 50}}' "$1" "$2" > "$3"; }
config plain false plain.json
config output true config.json
start=$(date +%s.%N); "$bin" build --config plain.json > plain.out; plain=$(echo "$(date +%s.%N) - $start" | bc)
start=$(date +%s.%N); "$bin" build --config config.json > full.out; full=$(echo "$(date +%s.%N) - $start" | bc)
made=$(grep -o '[0-9]* PDFs made' full.out | grep -o '^[0-9]*')
cores=$(nproc)
printf 'full build without PDFs: %.2f s; with PDFs: %.2f s; %s PDFs made: %.1f PDFs/s (%.1f per core)\n' \
  "$plain" "$full" "$made" "$(echo "$made / ($full - $plain)" | bc -l)" "$(echo "$made / ($full - $plain) / $cores" | bc -l)"

# Edited invoice → its new PDF published, through the daemon.
"$bin" serve --config config.json --log-level warning > serve.log 2>&1 &
daemon=$!
trap 'kill $daemon 2>/dev/null || true' EXIT
python3 - "$work" "${EDITS:-20}" <<'PY'
import os, sqlite3, sys, time
work, edits = sys.argv[1], int(sys.argv[2])
db = sqlite3.connect(os.path.join(work, "db.sqlite"))
invoice, client = db.execute("SELECT id, client_id FROM invoices WHERE status NOT IN ('draft', 'cancelled') ORDER BY id LIMIT 1").fetchone()
def pdf():
    for slug in os.listdir(os.path.join(work, "output")):
        path = os.path.join(work, "output", slug, "invoices", "%d.pdf" % invoice)
        if os.path.islink(os.path.join(work, "output", slug)) and os.path.exists(path):
            with open(path, "rb") as file:
                return file.read()
    return None
deadline = time.time() + 120
while pdf() is None and time.time() < deadline: time.sleep(0.1)
time.sleep(3)  # the daemon's first build and its watcher
latencies = []
for n in range(edits):
    before = pdf()
    db.execute("UPDATE invoices SET terms = ?, updated_at = datetime('now') WHERE id = ?", ("Payable within %d days." % (10 + n), invoice))
    db.commit()
    started = time.time()
    while pdf() == before and time.time() - started < 30: time.sleep(0.01)
    latencies.append(time.time() - started)
    time.sleep(0.5)
latencies.sort()
p = lambda q: latencies[min(len(latencies) - 1, int(len(latencies) * q + 0.999) - 1)]
print("edited invoice -> new PDF published: p50 %.0f ms, p95 %.0f ms, max %.0f ms (%d edits)" % (p(0.5) * 1000, p(0.95) * 1000, latencies[-1] * 1000, edits))
PY

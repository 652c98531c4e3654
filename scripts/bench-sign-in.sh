#!/usr/bin/env bash
# The sign-in benchmark (timetracker mode), for the README's numbers: requests per second through nginx for a
# signed-in client's static pages with auth_request against plain static serving of the same folder, sign-in
# latency p50/p95, and the daemon's memory with 10,000 portal logins after 200 concurrent sign-ins.
#
#   swift build -c release && scripts/bench-sign-in.sh [folder]
#
# Needs nginx, wrk, curl and PyPI's werkzeug (hashes made exactly as TimeTracker makes them). Loopback only.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${BIN:-$PWD/.build/release/portalgen}
DIR=${1:-/dev/shm/portalgen-bench-sign-in}
LOGINS=${LOGINS:-10000}
rm -rf "$DIR" && mkdir -p "$DIR/nginx/logs"
NGINX_PORT=18081 PLAIN_PORT=18082 DAEMON_PORT=18780

"$BIN" demo --out "$DIR/tt.sqlite" --clients 20 --entries 200 --invoices 4 >/dev/null
python3 - "$DIR/tt.sqlite" "$LOGINS" <<'PY'
import sqlite3, sys
from werkzeug.security import generate_password_hash
db = sqlite3.connect(sys.argv[1]); n = int(sys.argv[2])
scrypt = generate_password_hash("bench-password", method="scrypt")   # TimeTracker's default: scrypt:32768:8:1
db.execute("UPDATE clients SET portal_password_hash = ? WHERE portal_username IS NOT NULL", (scrypt,))
clients = [r[0] for r in db.execute("SELECT id FROM clients WHERE status = 'active' ORDER BY id")]
cols = [r[1] for r in db.execute("PRAGMA table_info(users)") if r[1] != "id"]
template = dict(zip(cols, db.execute(f"SELECT {', '.join(cols)} FROM users WHERE username = 'portal.client1'").fetchone()))
rows = []
for i in range(n):
    row = dict(template, username=f"bench.user{i}", email=f"bench{i}@example.com", client_id=clients[i % len(clients)],
               password_hash=scrypt, client_portal_enabled=1, is_active=1)
    rows.append([row[c] for c in cols])
db.executemany(f"INSERT INTO users ({', '.join(cols)}) VALUES ({', '.join('?' for _ in cols)})", rows)
db.commit()
PY
cat >"$DIR/config.json" <<JSON
{ "database": "tt.sqlite", "output": "output", "today": "2026-11-20",
  "server": { "port": $DAEMON_PORT },
  "proxy": { "mode": "timetracker", "listen": "127.0.0.1:$NGINX_PORT", "file": "$DIR/portal.conf", "authCache": "$DIR/auth-cache" } }
JSON
export PORTALGEN_SESSION_KEY=bench-session-key-0123456789abcdef0123456789
"$BIN" serve --config "$DIR/config.json" --log-level warning 2>"$DIR/daemon.log" &
DAEMON=$!
trap 'kill $DAEMON 2>/dev/null; nginx -p "$DIR/nginx" -c "$DIR/nginx/nginx.conf" -s stop 2>/dev/null || true' EXIT
until curl -sf "http://127.0.0.1:$DAEMON_PORT/healthz" >/dev/null; do sleep 0.2; done
until [ -e "$DIR/output/mueller-soehne-gmbh/index.html" ]; do sleep 0.2; done
"$BIN" proxy-config --config "$DIR/config.json" >/dev/null
cat >"$DIR/nginx/nginx.conf" <<CONF
worker_processes 2;
pid $DIR/nginx/nginx.pid;
error_log $DIR/nginx/logs/error.log;
events { worker_connections 1024; }
http {
    access_log off;
    include $DIR/portal.conf;
    # The same folder served plainly, for comparison.
    server { listen 127.0.0.1:$PLAIN_PORT; root $DIR/output/mueller-soehne-gmbh; }
}
CONF
nginx -p "$DIR/nginx" -c "$DIR/nginx/nginx.conf"
sleep 0.5

cookie=$(curl -s -D - -o /dev/null --data-urlencode login=client1 --data-urlencode password=bench-password \
  "http://127.0.0.1:$NGINX_PORT/sign-in" | sed -n 's/^[Ss]et-[Cc]ookie: \([^;]*\).*/\1/p' | tr -d '\r')
[ -n "$cookie" ] || { echo "sign-in failed"; exit 1; }
echo "== static pages, 2 threads, 32 connections, 10 s =="
signed=$(wrk -t2 -c32 -d10s -H "Cookie: $cookie" "http://127.0.0.1:$NGINX_PORT/index.html" | awk '/Requests\/sec/ {print $2}')
plain=$(wrk -t2 -c32 -d10s "http://127.0.0.1:$PLAIN_PORT/index.html" | awk '/Requests\/sec/ {print $2}')
echo "signed in through auth_request: $signed req/s; plain static: $plain req/s"

echo "== sign-in latency, 50 in a row (scrypt N=32768; the daemon directly: nginx's limit_req allows 30 a minute) =="
for i in $(seq 1 50); do
  curl -s -o /dev/null -w '%{time_total}\n' --data-urlencode "login=bench.user$i" --data-urlencode password=bench-password \
    "http://127.0.0.1:$DAEMON_PORT/_portalgen/sign-in"
done | sort -n | awk '{ t[NR] = $1 } END { printf "p50 %.0f ms, p95 %.0f ms\n", t[int(NR*0.5)]*1000, t[int(NR*0.95)]*1000 }'

echo "== 200 concurrent sign-ins (daemon directly, as nginx's limit_req would refuse most) =="
seq 100 299 | xargs -P 200 -I{} curl -s -o /dev/null -w '%{http_code}\n' --data-urlencode "login=bench.user{}" \
  --data-urlencode password=bench-password "http://127.0.0.1:$DAEMON_PORT/_portalgen/sign-in" | sort | uniq -c
grep -E 'VmHWM|VmRSS' /proc/$DAEMON/status
echo "logins: $LOGINS portal users + client logins"

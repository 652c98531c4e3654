#!/bin/bash
# Full build of a 100-client, 100,000-entry demo into an empty output with two portalgen binaries, alternating,
# five runs each: is a change slower? Usage: scripts/compare-builds.sh OLD-BINARY NEW-BINARY [folder]
# (release builds, e.g. one from `git worktree` at the old commit; the folder defaults to /dev/shm/compare).
# NEW_EXTRA adds config keys to the new side only (JSON members, each followed by a comma): the cost of a setting
# with one binary, e.g. NEW_EXTRA='"show": {"unbilled": true, "upcoming": true},' scripts/compare-builds.sh B B.
# EXTRA adds config keys to both sides (the same JSON form), e.g. to compare two binaries with the opt-in sections on.
# OLD_THEMES: the old binary's themes folder when the theme files changed since (`git archive OLD Themes | tar -x`).
set -euo pipefail
OLD=$1; NEW=$2; D=${3:-/dev/shm/compare}; THEMES=$(cd "$(dirname "$0")/.." && pwd)/Themes
rm -rf "$D"; mkdir -p "$D"
"$NEW" demo --out "$D/tt.sqlite" --clients 100 --entries 1000 --invoices 20 --now "2026-11-20 16:45:12" > /dev/null
for v in old new; do
  extra=${EXTRA:-}; themes=${OLD_THEMES:-$THEMES}; [ "$v" = new ] && extra="${EXTRA:-}${NEW_EXTRA:-}" && themes=$THEMES
  printf '{%s "database": "%s", "output": "%s", "today": "2026-11-20", "pdf": false, "themes": "%s"}\n' "$extra" "$D/tt.sqlite" "$D/out-$v" "$themes" > "$D/$v.json"
done
for i in 1 2 3 4 5; do
  for v in old new; do
    bin=$OLD; [ "$v" = new ] && bin=$NEW
    rm -rf "$D/out-$v"
    start=$(date +%s.%N); "$bin" build --config "$D/$v.json" > /dev/null 2>&1; end=$(date +%s.%N)
    echo "$v $(echo "$end - $start" | bc)"
  done
done

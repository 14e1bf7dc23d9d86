#!/usr/bin/env bash
# The whole test suite, RUNS times in a row, each on a fresh clone of this repository's HEAD run the way CI runs it
# (CI=true bash .ci/run), while BUSY CPU-bound busy loops run beside it (default 2, on a 2-core machine: a busy CI
# box). Prints each run's totals line and wall time; stops at the first failing run and keeps its log.
#   bash bench/suite/run.sh [RUNS] [BUSY]        (default: 5 runs, 2 busy loops; BUSY=0 for a quiet run)
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
runs="${1:-5}"
busy="${2:-2}"
work=$(mktemp -d)
loops=()
stop_loops() { for pid in "${loops[@]}"; do kill "$pid" 2>/dev/null; done; }
trap 'stop_loops' EXIT
for ((i = 0; i < busy; i++)); do
  (while :; do :; done) &
  loops+=($!)
done
echo "commit $(git -C "$root" rev-parse --short HEAD), $runs runs, $busy busy loops; logs in $work"
for ((run = 1; run <= runs; run++)); do
  clone="$work/clone-$run"
  git clone -q "$root" "$clone"
  start=$(date +%s)
  (cd "$clone" && CI=true bash .ci/run > "$work/run-$run.log" 2>&1)
  status=$?
  seconds=$(( $(date +%s) - start ))
  totals=$(tail -1 "$work/run-$run.log")
  printf 'run %d: %s — %d min %02d s (exit %d, load %s)\n' "$run" "$totals" $((seconds / 60)) $((seconds % 60)) "$status" \
    "$(cut -d' ' -f1-3 /proc/loadavg)"
  if [[ $status -ne 0 ]]; then
    grep -E '^\s+Failed |Error Message' -A3 "$work/run-$run.log" | head -40
    echo "log kept: $work/run-$run.log"
    exit 1
  fi
  rm -rf "$clone"
done

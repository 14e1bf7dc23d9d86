#!/usr/bin/env bash
# Durable throughput, side by side: ActorTune (SQLite journal) vs Optuna 3.1 (sqlite:/// storage), alternating,
# RUNS times each; prints the median results/s of each and the ratio. Then the bookkeeping overhead of
# 1-second trials, and the time to recover a sweep's state at 1k and 10k trials (with and without snapshots).
#   bash bench/durable/run.sh [RUNS]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
here="$root/bench/durable"
runs="${1:-3}"
if ! /usr/bin/python3 -c "import optuna" 2>/dev/null; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-optuna >/dev/null
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# A build of its own, outside the timings: edits to the tree during the run cannot trigger a rebuild.
dotnet build "$root/src/Host/ActorTune.Host.csproj" -c Release -o "$work/bin" --nologo -v quiet -clp:ErrorsOnly >&2
at=(dotnet "$work/bin/actortune.dll")
cd "$work"

median() { sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
# The sweep's own duration (from its first event to its completion), printed as "completed in X s".
sweep_seconds() { sed -n -E 's/.* completed in ([0-9.]+) s.*/\1/p' | tail -1; }

: > actortune.txt; : > optuna.txt
for run in $(seq "$runs"); do
  rm -f a.db* o.db*
  s=$("${at[@]}" run "$here/sweep.hocon" --db a.db | sweep_seconds)
  echo "20000 / $s" | bc -l >> actortune.txt
  /usr/bin/python3 "$here/optuna_peer.py" 2000 10 o.db | /usr/bin/python3 -c "import json,sys; print(json.load(sys.stdin)['results_per_second'])" >> optuna.txt
  echo "run $run: actortune $(tail -1 actortune.txt | xargs printf '%.0f') results/s, optuna $(tail -1 optuna.txt | xargs printf '%.0f') results/s" >&2
done
a=$(median < actortune.txt); o=$(median < optuna.txt)
printf 'durable throughput (2000 trials x 10 epochs, SQLite): ActorTune %.0f results/s, Optuna %.0f results/s, ratio %.1fx\n' "$a" "$o" "$(echo "$a / $o" | bc -l)"

rm -f v.db*
"${at[@]}" run "$here/overhead.hocon" --db v.db > /dev/null
# From the first trial's start to the sweep's completion, by the log's own clock (process start-up not counted).
s=$("${at[@]}" show overhead --db v.db --json | /usr/bin/python3 -c "
import json, sys
from datetime import datetime
s = json.load(sys.stdin)
t = lambda x: datetime.fromisoformat(x)
print((t(s['completed_at']) - min(t(x['started_at']) for x in s['trials'])).total_seconds())")
printf 'bookkeeping overhead, 20 one-second trials 2 at a time: %.2f s for 10.00 s of training: %.1f%%\n' "$s" "$(echo "($s - 10) / 10 * 100" | bc -l)"

for n in 1000 10000; do
  sed -e "s/trials = 2000/trials = $n/" -e "s/name = durable/name = recovery/" "$here/sweep.hocon" > rec.hocon
  rm -f r.db*
  "${at[@]}" run rec.hocon --db r.db > /dev/null
  events=$(sqlite3 r.db "select count(*) from journal" 2>/dev/null || echo "?")
  # ACTORTUNE_REPLAY=1: list recovers every sweep instead of reading the summary table (that is timed in bench/show).
  export ACTORTUNE_REPLAY=1
  base=$( { /usr/bin/time -f "%e" "${at[@]}" list --db empty.db > /dev/null; } 2>&1 | tail -1)
  with=$( { /usr/bin/time -f "%e" "${at[@]}" list --db r.db > /dev/null; } 2>&1 | tail -1)
  sqlite3 r.db "delete from snapshot"
  without=$( { /usr/bin/time -f "%e" "${at[@]}" list --db r.db > /dev/null; } 2>&1 | tail -1)
  printf 'recovery, %d trials (%s events): list %.2f s from the newest snapshot, %.2f s replaying every event (process start-up alone %.2f s)\n' \
    "$n" "$events" "$with" "$without" "$base"
done

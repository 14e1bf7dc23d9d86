#!/usr/bin/env bash
# Trials in parallel use one thread each: runs the same sweep (concurrency.hocon: 32 identical trials of a
# 64-256-256-256-10 MLP, batch 16, 60 epochs) at concurrency 1 and 2, alternately, RUNS times each (default 3), and
# prints the trials per second of each and the speed-up (on 2 cores the goal is ≥ 1.8×), and the seconds each trial
# spent in its epochs: equal at both concurrencies means each trial had a core to itself.
# Usage: bench/trainer/concurrency.sh [RUNS]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
runs="${1:-${RUNS:-3}}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

"$root/actortune" bench trainer --epochs 1 --json >/dev/null   # builds ActorTune if needed, outside any timing
sed 's/^\( *concurrency = \)1$/\12/' "$here/concurrency.hocon" > "$work/concurrency-2.hocon"
grep -q '^ *concurrency = 2$' "$work/concurrency-2.hocon"
trials="$(sed -n 's/^ *trials = \([0-9]*\)$/\1/p' "$here/concurrency.hocon")"

# Prints the sweep's own duration (from its "completed in S s" line) and its trials' mean epoch seconds, for one
# run in a fresh database.
sweep_seconds() {
  local file="$1" db="$work/$2.db" seconds
  seconds="$(cd "$root" && ./actortune run "$file" --db "$db" | sed -n 's/.* completed in \([0-9.]*\) s.*/\1/p')"
  echo "$seconds $(cd "$root" && ./actortune show bench-concurrency --db "$db" --json | /usr/bin/python3 -c '
import json, sys
trials = json.load(sys.stdin)["trials"]
print(round(sum(sum(e["seconds"] for e in t["epochs"]) for t in trials) / len(trials), 3))')"
}

echo "load average at start: $(cut -d' ' -f1 /proc/loadavg); cores: $(nproc); $trials trials per sweep"
one=() two=() train_one=() train_two=()
for ((run = 1; run <= runs; run++)); do
  read -r seconds training < <(sweep_seconds "$here/concurrency.hocon" "one-$run")
  one+=("$seconds") train_one+=("$training")
  read -r seconds training < <(sweep_seconds "$work/concurrency-2.hocon" "two-$run")
  two+=("$seconds") train_two+=("$training")
  echo "  run $run: concurrency 1 ${one[-1]} s, concurrency 2 ${two[-1]} s" \
    "(epoch seconds per trial ${train_one[-1]} and ${train_two[-1]})"
done
echo "load average at end: $(cut -d' ' -f1 /proc/loadavg)"
/usr/bin/python3 - "$trials" "${one[*]}" "${two[*]}" "${train_one[*]}" "${train_two[*]}" <<'PY'
import statistics, sys
trials = int(sys.argv[1])
one, two, train_one, train_two = ([float(v) for v in arg.split()] for arg in sys.argv[2:6])
m1, m2 = statistics.median(one), statistics.median(two)
t1, t2 = statistics.median(train_one), statistics.median(train_two)
print(f"\n| concurrency | sweep seconds (median) | trials/s | epoch seconds per trial (median) |\n|---:|---:|---:|---:|")
print(f"| 1 | {m1:.1f} | {trials / m1:.2f} | {t1:.3f} |\n| 2 | {m2:.1f} | {trials / m2:.2f} | {t2:.3f} |")
print(f"\nspeed-up at concurrency 2: {m1 / m2:.2f}× (goal ≥ 1.8× on 2 cores); a trial's epochs took {t2 / t1:.2f}× as long")
PY

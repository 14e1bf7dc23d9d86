#!/usr/bin/env bash
# Coordinator overhead on a real cluster on 127.0.0.1: an `actortune host` with no slots of its own, WORKERS
# worker processes with SLOTS slots each; once every worker has joined, sweeps are submitted to the host.
#  1. Throughput: 2,000 synthetic trials × 10 epochs of no cost — the trials/s and results/s (epoch reports,
#     each persisted) the coordinator sustains when training costs nothing.
#  2. Bookkeeping: one-second trials (10 epochs × 0.1 s) filling every slot — wall time, by the log's own clock
#     from the first trial's start to the sweep's completion, against the ideal trials × 1 s / slots.
#     (Ray Tune's own test: 715 s for 10,000 such trials on 16 CPUs against 625 s ideal, ~14%.)
#   bash bench/cluster/run.sh [WORKERS] [SLOTS] [ONE_SECOND_TRIALS]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
workers="${1:-4}"; slots="${2:-4}"; long_trials="${3:-320}"
work=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; sleep 1; rm -rf "$work"; }
trap cleanup EXIT
dotnet build "$root/src/Host/ActorTune.Host.csproj" -c Release -o "$work/bin" --nologo -v quiet -clp:ErrorsOnly >&2
at=(dotnet "$work/bin/actortune.dll")
cd "$work"
port=$(( 20000 + RANDOM % 20000 ))
address="127.0.0.1:$port"

"${at[@]}" host --port "$port" --slots 0 --db cluster.db > host.log 2>&1 &
pids+=($!)
sleep 3
for i in $(seq "$workers"); do
  "${at[@]}" worker --seed "$address" --slots "$slots" > "worker-$i.log" 2>&1 &
  pids+=($!)
done
for i in $(seq "$workers"); do
  until grep -q "joined, $slots slots" "worker-$i.log"; do sleep 0.5; done
done

# Submits a sweep and waits for it; prints its seconds from the first trial's start to its completion.
run() { # name trials epoch-seconds
  cat > "$1.hocon" <<HOCON
sweep {
  name = $1
  model = synthetic
  synthetic { epoch-seconds = $3 }
  epochs = 10
  trials = $2
  space { learning-rate { scale = log, min = 1e-4, max = 1 } }
}
HOCON
  "${at[@]}" submit "$1.hocon" --host "$address" > /dev/null
  until grep -q "sweep $1 completed" host.log; do sleep 0.5; done
  "${at[@]}" show "$1" --db cluster.db --json | /usr/bin/python3 -c "
import json, sys
from datetime import datetime
s = json.load(sys.stdin)
t = lambda x: datetime.fromisoformat(x)
print((t(s['completed_at']) - min(t(x['started_at']) for x in s['trials'])).total_seconds())"
}

total=$(( workers * slots ))
s=$(run fast 2000 0)
printf 'throughput, %d workers x %d slots, 2000 trials x 10 epochs of no cost: %.1f s: %.0f trials/s, %.0f results/s\n' \
  "$workers" "$slots" "$s" "$(echo "2000 / $s" | bc -l)" "$(echo "20000 / $s" | bc -l)"
s=$(run long "$long_trials" 0.1)
ideal=$(echo "$long_trials / $total" | bc -l)
printf 'bookkeeping, %d one-second trials on %d slots: %.1f s against %.1f s ideal: %.1f%% overhead\n' \
  "$long_trials" "$total" "$s" "$ideal" "$(echo "($s - $ideal) / $ideal * 100" | bc -l)"

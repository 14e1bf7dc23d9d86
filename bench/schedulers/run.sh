#!/usr/bin/env bash
# Early stopping on digits, side by side: 60 trials × ≤ 20 epochs with random proposals, ActorTune with no
# stopping, median, ASHA and Hyperband vs Optuna 3.1 (PyTorch peer) with its MedianPruner and
# SuccessiveHalvingPruner (random and TPE samplers); SEEDS seeds each (default 5). Both sides use 2 workers
# (ActorTune concurrency 2, Optuna n_jobs 2). Prints mean epochs spent, wall seconds and best val_accuracy
# (mean, min–max) per configuration, and PBT vs random at equal epochs.
#   bash bench/schedulers/run.sh [SEEDS]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
here="$root/bench/schedulers"
seeds="${1:-5}"
if ! /usr/bin/python3 -c "import optuna, torch" 2>/dev/null; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-optuna python3-torch libopenblas0-pthread >/dev/null
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
dotnet build "$root/src/Host/ActorTune.Host.csproj" -c Release -o "$work/bin" --nologo -v quiet -clp:ErrorsOnly >&2
at=(dotnet "$work/bin/actortune.dll")
cd "$work"
data="$root/data/digits.csv.gz"
results="$work/results.tsv"
: > "$results"

# One ActorTune run: the digits-asha sweep (ASHA as that file sets it up) or the same sweep with another scheduler,
# with another seed; epochs spent and best from show --json.
actortune_run() {
  local scheduler=$1 seed=$2 name="s-$1-$2"
  sed -e "s/name = digits-asha/name = $name/" -e "s/seed = 42/seed = $seed/" \
      -e "s|\"data/digits.csv.gz\"|\"$data\"|" "$root/hocon/sweeps/digits-asha.hocon" |
    awk -v s="$scheduler" '/scheduler \{/{ if (s != "asha") { print "  scheduler { type = " s " }"; skip=1; next } } skip&&/\}/{skip=0; next} !skip' > "$name.hocon"
  local seconds
  seconds=$("${at[@]}" run "$name.hocon" --db "$name.db" | sed -n -E 's/.* completed in ([0-9.]+) s.*/\1/p')
  "${at[@]}" show "$name" --db "$name.db" --json | /usr/bin/python3 -c "
import json, sys
s = json.load(sys.stdin)
print('actortune-$scheduler\t$seed\t%d\t%s\t%.4f' % (sum(len(t['epochs']) for t in s['trials']), '$seconds', s['best']['value']))" >> "$results"
}

optuna_run() {
  local sampler=$1 pruner=$2 seed=$3
  /usr/bin/python3 "$here/optuna_peer.py" "$data" "$sampler" "$pruner" "$seed" 60 2 | /usr/bin/python3 -c "
import json, sys
r = json.load(sys.stdin)
print('optuna-$sampler-$pruner\t$seed\t%d\t%.1f\t%.4f' % (r['epochs'], r['seconds'], r['best']))" >> "$results"
}

for seed in $(seq "$seeds"); do
  for scheduler in none median asha hyperband; do actortune_run "$scheduler" "$seed"; done
  for pair in "random none" "random median" "random sha" "tpe sha"; do optuna_run $pair "$seed"; done
  echo "seed $seed done" >&2
done

# PBT vs random search at equal epochs: digits-pbt (8 members × 20 epochs) against the same 8 random trials unstopped.
pbt_run() {
  local scheduler=$1 seed=$2 name="p-$1-$2"
  sed -e "s/name = digits-pbt/name = $name/" -e "s/seed = 42/seed = $seed/" -e "s|\"data/digits.csv.gz\"|\"$data\"|" \
    "$root/hocon/sweeps/digits-pbt.hocon" |
    awk -v s="$scheduler" '/scheduler \{/{ if (s != "pbt") { print "  scheduler { type = none }"; skip=1; next } } skip&&/\}/{skip=0; next} !skip' > "$name.hocon"
  local seconds
  seconds=$("${at[@]}" run "$name.hocon" --db "$name.db" | sed -n -E 's/.* completed in ([0-9.]+) s.*/\1/p')
  "${at[@]}" show "$name" --db "$name.db" --json | /usr/bin/python3 -c "
import json, sys
s = json.load(sys.stdin)
print('equal-epochs-$scheduler\t$seed\t%d\t%s\t%.4f' % (sum(len(t['epochs']) for t in s['trials']), '$seconds', s['best']['value']))" >> "$results"
}
for seed in $(seq "$seeds"); do
  pbt_run pbt "$seed"
  pbt_run random "$seed"
done

/usr/bin/python3 - "$results" <<'PY'
import statistics, sys
rows = [line.rstrip("\n").split("\t") for line in open(sys.argv[1])]
by = {}
for name, seed, epochs, seconds, best in rows:
    by.setdefault(name, []).append((int(epochs), float(seconds), float(best)))
print(f"{'configuration':28} {'epochs':>8} {'seconds':>8} {'best val_accuracy (mean, min-max)':>36}")
for name, runs in by.items():
    e = statistics.mean(r[0] for r in runs); s = statistics.mean(r[1] for r in runs); b = [r[2] for r in runs]
    print(f"{name:28} {e:8.0f} {s:8.1f} {statistics.mean(b):10.4f}  ({min(b):.4f}-{max(b):.4f})  n={len(runs)}")
PY

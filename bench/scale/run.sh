#!/usr/bin/env bash
# Run cost as a sweep grows: synthetic trials of no cost (EPOCHS epochs each, 2 at a time) at 1,000, 5,000 and 20,000
# trials, each on a fresh SQLite database. Prints the sweep's own time (first event to completion), the time per
# trial, and the process's peak resident memory (/usr/bin/time -v). Flat µs/trial means the cost grows with the work.
#   bash bench/scale/run.sh [EPOCHS] [SIZES...]      (default: 3 epochs; 1000 5000 20000)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
epochs="${1:-3}"
shift || true
sizes=("${@:-1000 5000 20000}")
read -r -a sizes <<< "${sizes[*]}"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
dotnet build "$root/src/Host/ActorTune.Host.csproj" -c Release -o "$work/bin" --nologo -v quiet -clp:ErrorsOnly >&2
cd "$work"
printf '%8s %8s %10s %10s %12s\n' trials epochs seconds "µs/trial" "peak RSS MB"
for n in "${sizes[@]}"; do
  cat > "scale-$n.hocon" <<HOCON
sweep {
  name = scale-$n
  seed = 1
  model = synthetic
  epochs = $epochs
  trials = $n
  concurrency = 2
  space {
    learning-rate { scale = log, min = 1e-4, max = 1 }
    beta1 { scale = one-minus-log, min = 0.9, max = 0.999 }
  }
}
HOCON
  rm -f "scale-$n.db"*
  if ! /usr/bin/time -v dotnet bin/actortune.dll run "scale-$n.hocon" --db "scale-$n.db" > out.txt 2> time.txt; then
    echo "$n trials: the run failed: $(grep -m1 '^actortune:' time.txt || tail -1 time.txt)" >&2
    continue
  fi
  s=$(sed -n -E 's/.* completed in ([0-9.]+) s.*/\1/p' out.txt | tail -1)
  rss=$(sed -n -E 's/.*Maximum resident set size \(kbytes\): ([0-9]+).*/\1/p' time.txt)
  printf '%8d %8d %10.1f %10.0f %12.0f\n' "$n" "$epochs" "$s" "$(echo "$s * 1000000 / $n" | bc -l)" "$(echo "$rss / 1024" | bc -l)"
done

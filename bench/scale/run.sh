#!/usr/bin/env bash
# Run cost as a sweep grows: synthetic trials of no cost (EPOCHS epochs each, 2 at a time) at 1,000, 5,000 and 20,000
# trials, each on a fresh SQLite database. Prints the sweep's own time (first event to completion), the time per
# trial, and the process's peak resident memory (/usr/bin/time -v). Flat µs/trial means the cost grows with the work;
# peak memory that hardly moves with EPOCHS means ended trials' epochs do not stay in memory.
#   bash bench/scale/run.sh [EPOCHS] [SIZES...]      (default: 3 epochs; 1000 5000 20000)
#   BASELINE=<git revision> bash bench/scale/run.sh …  also runs that revision's build on the same sweeps, one after
#                                                     the other, and prints new/old ratios
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
epochs="${1:-3}"
shift || true
sizes=("${@:-1000 5000 20000}")
read -r -a sizes <<< "${sizes[*]}"
work=$(mktemp -d)
cleanup() {
  [[ -n "${BASELINE:-}" ]] && git -C "$root" worktree remove --force "$work/base-src" >/dev/null 2>&1
  rm -rf "$work"
}
trap cleanup EXIT
dotnet build "$root/src/Host/ActorTune.Host.csproj" -c Release -o "$work/bin" --nologo -v quiet -clp:ErrorsOnly >&2
builds=(bin)
if [[ -n "${BASELINE:-}" ]]; then
  git -C "$root" worktree add --detach "$work/base-src" "$BASELINE" >/dev/null 2>&1
  dotnet build "$work/base-src/src/Host/ActorTune.Host.csproj" -c Release -o "$work/base" --nologo -v quiet -clp:ErrorsOnly >&2
  builds+=(base)
fi
cd "$work"
# One run: prints "seconds rss_mb", or nothing when it failed.
measure() {
  local build=$1 n=$2
  rm -f "scale-$n.db"*
  if ! /usr/bin/time -v dotnet "$build/actortune.dll" run "scale-$n.hocon" --db "scale-$n.db" > out.txt 2> time.txt; then
    echo "$build, $n trials: the run failed: $(grep -m1 '^actortune:' time.txt || tail -1 time.txt)" >&2
    return
  fi
  local s rss
  s=$(sed -n -E 's/.* completed in ([0-9.]+) s.*/\1/p' out.txt | tail -1)
  rss=$(sed -n -E 's/.*Maximum resident set size \(kbytes\): ([0-9]+).*/\1/p' time.txt)
  echo "$s $((rss / 1024))"
}
if [[ -n "${BASELINE:-}" ]]; then
  printf '%8s %8s %10s %10s %12s %10s %12s %8s %8s\n' trials epochs seconds "µs/trial" "peak RSS MB" "old s" "old RSS MB" "s ratio" "RSS ratio"
else
  printf '%8s %8s %10s %10s %12s\n' trials epochs seconds "µs/trial" "peak RSS MB"
fi
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
  read -r s rss <<< "$(measure bin "$n")" || true
  [[ -z "${s:-}" ]] && continue
  if [[ -n "${BASELINE:-}" ]]; then
    read -r os orss <<< "$(measure base "$n")" || true
    if [[ -z "${os:-}" ]]; then os=nan orss=nan; fi
    printf '%8d %8d %10.1f %10.0f %12d %10s %12s %8s %8s\n' "$n" "$epochs" "$s" "$(echo "$s * 1000000 / $n" | bc -l)" "$rss" "$os" "$orss" \
      "$( [[ $os == nan ]] && echo - || printf '%.2f' "$(echo "$s / $os" | bc -l)")" \
      "$( [[ $orss == nan ]] && echo - || printf '%.2f' "$(echo "$rss / $orss" | bc -l)")"
  else
    printf '%8d %8d %10.1f %10.0f %12d\n' "$n" "$epochs" "$s" "$(echo "$s * 1000000 / $n" | bc -l)" "$rss"
  fi
done

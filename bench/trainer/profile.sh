#!/usr/bin/env bash
# Where the trainer's time goes: samples `actortune bench trainer` with perf (software clock; this VM exposes no
# hardware counters) and prints the hottest methods, JIT-compiled ones named through the runtime's perf map.
# Usage: bench/trainer/profile.sh A|B|C [EPOCHS]  (more epochs than the benchmark's 20, so start-up weighs less)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
case "${1:-A}" in
  A) shape=(--layers 2 --hidden-units 128 --batch-size 64); epochs="${2:-400}" ;;
  B) shape=(--layers 3 --hidden-units 256 --batch-size 32); epochs="${2:-60}" ;;
  C) shape=(--layers 1 --hidden-units 32 --batch-size 16); epochs="${2:-1500}" ;;
  *) echo "usage: $0 A|B|C [EPOCHS]" >&2; exit 2 ;;
esac
command -v perf >/dev/null || { echo "perf is not installed (apt-get install linux-perf)" >&2; exit 1; }
"$root/actortune" bench trainer --epochs 1 --json >/dev/null   # build first, outside the profile
data="$(mktemp)"
trap 'rm -f "$data"' EXIT
# W^X off: JIT code then lives in anonymous memory, which perf resolves through /tmp/perf-PID.map.
DOTNET_EnableWriteXorExecute=0 DOTNET_PerfMapEnabled=1 \
  perf record -q -e cpu-clock -F 4000 -o "$data" dotnet "$root/.build/host/actortune.dll" bench trainer "${shape[@]}" --epochs "$epochs"
perf report -i "$data" --sort symbol --stdio 2>/dev/null | grep -v '^#' | grep -v '^$' | head -20 \
  | sed -E 's/ActorTune\.Model\.Training\.Mlp\.(Kernels\.)?//g; s/\(.*$//; s/\[[A-Za-z.]+\] //; s/[[:space:]]+-[[:space:]]+-[[:space:]]*$//'

#!/usr/bin/env bash
# Search quality at equal budget: ActorTune's grid, random, sobol, coarse-to-fine and tpe on every problem in
# bench/search/problems (the digits MLP and the synthetic ones), each searched once per sweep seed 1..SEEDS in
# process, then Optuna's TPE and random samplers on the synthetic problems with the same seeds and budget; prints
# one Markdown table. Extra arguments go to `actortune bench search` (e.g. --parallel 2, or --problems FILE...).
#   bench/search/run.sh                      # SEEDS=50 by default; OUT=DIR keeps the JSON of both sides
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
out="${OUT:-$(mktemp -d)}"
mkdir -p "$out"
./actortune bench search --seeds "${SEEDS:-50}" --json "$@" > "$out/actortune.json"
/usr/bin/python3 bench/search/optuna_peer.py "$out/actortune.json" --json "$out/optuna.json"

#!/usr/bin/env bash
# ActorTune's MLP trainer against the same network in PyTorch (CPU, one thread, OpenBLAS), side by side.
# Runs `actortune bench trainer --json` and torch_peer.py alternately, RUNS times each (default 7), for
# problems A (64-128-128-10, batch 64), B (64-256-256-256-10, batch 32) and C (64-32-10, batch 16), and prints
# per problem the median samples/s of each and the median ratio. Usage: bench/trainer/run.sh [RUNS]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
runs="${1:-${RUNS:-7}}"
python=/usr/bin/python3

# The peer comes from Debian: python3-torch, and OpenBLAS, without which torch falls back to the reference BLAS.
if ! "$python" -c 'import torch' 2>/dev/null || ! dpkg -s libopenblas0-pthread >/dev/null 2>&1; then
  echo "installing the PyTorch peer (python3-torch, libopenblas0-pthread)…" >&2
  sudo=""
  [[ "$(id -u)" -ne 0 ]] && sudo="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get install -y python3-torch libopenblas0-pthread >&2 \
    || { $sudo apt-get update >&2 && $sudo apt-get install -y python3-torch libopenblas0-pthread >&2; }
fi

# Builds ActorTune (Release) if anything changed; the build is not part of any timing.
"$root/actortune" bench trainer --epochs 1 --json >/dev/null

export OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 MKL_NUM_THREADS=1
cd "$root"
exec "$python" "$here/side_by_side.py" --runs "$runs" --actortune "$root/actortune" --data "$root/data/digits.csv.gz" \
  --peer "$here/torch_peer.py"

#!/usr/bin/env bash
# Host soak: one `actortune host` process on a throw-away database takes SWEEPS small synthetic sweeps
# (4 trials × 3 epochs each) back to back; its resident memory, peak working set and open handles are read
# from /proc after the 50th sweep, every 100th and the last. A host that kept finished sweeps would grow.
#   bash bench/host/run.sh [SWEEPS]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
sweeps="${1:-300}"
"$root/actortune" bench soak --sweeps "$sweeps"

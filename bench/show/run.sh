#!/usr/bin/env bash
# Reading big sweeps: wall time and peak memory of `show NAME --json`, plain `show NAME`, `report`,
# `export --format csv --epochs` on synthetic sweeps of 1,000 / 5,000 / 20,000 trials × 10 epochs — the first show
# after the state projection was dropped (it rebuilds it from the newest snapshot), then from the projection, and
# with ACTORTUNE_REPLAY=1 (an actor system recovering the sweep, the old way) — and of `list` on a database of 200
# small sweeps, from the summary table and with ACTORTUNE_REPLAY=1 (every sweep recovered from its log).
#   bash bench/show/run.sh [SIZES...]        (default: 1000 5000 20000)
# The databases take minutes to build (a 20,000-trial sweep runs for ~2–4 min here); set KEEP=DIR to build them once
# into DIR and reuse them on the next run.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
sizes=("${@:-1000 5000 20000}")
read -r -a sizes <<< "${sizes[*]}"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
data="${KEEP:-$work}"
mkdir -p "$data"
# A build of its own, outside the timings: edits to the tree during the run cannot trigger a rebuild.
dotnet build "$root/src/Host/ActorTune.Host.csproj" -c Release -o "$work/bin" --nologo -v quiet -clp:ErrorsOnly >&2
at=(dotnet "$work/bin/actortune.dll")
cd "$work"

sweep() { # name trials
  cat <<HOCON
sweep {
  name = $1
  seed = 1
  model = synthetic
  metric = val_accuracy
  epochs = 10
  trials = $2
  concurrency = 2
  space {
    learning-rate { scale = log, min = 1e-4, max = 1 }
    beta1 { scale = one-minus-log, min = 0.9, max = 0.999 }
    hidden-units { scale = int, min = 16, max = 256 }
    batch-size { values = [16, 32, 64, 128, 256] }
  }
}
HOCON
}
timed() { # label command...: prints "label: S s, M MB"
  local label=$1; shift
  /usr/bin/time -f "%e %M" -o "$work/time" "$@" > /dev/null 2> "$work/err" || { cat "$work/err" >&2; return 1; }
  read -r s kb < "$work/time"
  printf '%-44s %7.2f s %6.0f MB\n' "$label" "$s" "$(echo "$kb / 1024" | bc -l)"
}

for n in "${sizes[@]}"; do
  db="$data/show-$n.db"
  if [[ ! -f "$db" ]]; then
    sweep "show-$n" "$n" > "show-$n.hocon"
    echo "building $db ($n trials)…" >&2
    "${at[@]}" run "show-$n.hocon" --db "$db" > /dev/null
  fi
done

db200="$data/list-200.db"
if [[ ! -f "$db200" ]]; then
  # One small sweep (20 trials × 10 epochs) run for real, its log copied under 199 more names.
  sweep list-1 20 > list-1.hocon
  "${at[@]}" run list-1.hocon --db "$db200.tmp" > /dev/null
  /usr/bin/python3 - "$db200.tmp" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
rows = db.execute("select created, deleted, sequence_number, message, manifest, identifier, writer_uuid from journal where persistence_id = 'sweep-list-1'").fetchall()
for k in range(2, 201):
    for created, deleted, seq, message, manifest, identifier, writer in rows:
        if manifest == "sweep-defined.v1":
            message = message.replace(b'"name":"list-1"', f'"name":"list-{k}"'.encode())
        db.execute("insert into journal (created, deleted, persistence_id, sequence_number, message, manifest, identifier, writer_uuid) values (?,?,?,?,?,?,?,?)",
                   (created, deleted, f"sweep-list-{k}", seq, message, manifest, identifier, writer))
db.commit()
PY
  mv "$db200.tmp" "$db200"
fi

echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
sqlite3 "$work/empty.db" "select 1" > /dev/null
timed "process start (--version)" "${at[@]}" --version
timed "process start (list on an empty database)" "${at[@]}" list --db "$work/empty.db"
sqlite3 "$db200" "drop table if exists actortune_sweep_summaries" 2>/dev/null || true
timed "list, 200 sweeps, first (builds the summaries)" "${at[@]}" list --db "$db200"
timed "list, 200 sweeps (summaries current)" "${at[@]}" list --db "$db200"
timed "list, 200 sweeps, ACTORTUNE_REPLAY=1" env ACTORTUNE_REPLAY=1 "${at[@]}" list --db "$db200"
for n in "${sizes[@]}"; do
  db="$data/show-$n.db"
  sqlite3 "$db" "drop table if exists actortune_sweep_states"
  timed "show --json, $n trials, first (builds the state)" "${at[@]}" show "show-$n" --db "$db" --json
  timed "show --json, $n trials (state current)" "${at[@]}" show "show-$n" --db "$db" --json
  timed "show --json, $n trials, ACTORTUNE_REPLAY=1" env ACTORTUNE_REPLAY=1 "${at[@]}" show "show-$n" --db "$db" --json
  timed "show, $n trials" "${at[@]}" show "show-$n" --db "$db"
  timed "report, $n trials" "${at[@]}" report "show-$n" --db "$db" --out "$work/report-$n"
  timed "export --format csv --epochs, $n trials" "${at[@]}" export "show-$n" --db "$db" --format csv --epochs --out "$work/export-$n.csv"
  sqlite3 "$db" "drop table if exists actortune_sweep_summaries"
  timed "list, one $n-trial sweep, first (builds it)" "${at[@]}" list --db "$db"
  timed "list, one $n-trial sweep (summary current)" "${at[@]}" list --db "$db"
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"

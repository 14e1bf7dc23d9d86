#!/usr/bin/env bash
# The dashboard on a big sweep: runs a synthetic sweep of TRIALS trials (default 10000; 10 epochs, concurrency 2)
# once into its own database, serves it with `actortune dashboard`, and loads the sweep's page in headless chromium
# RUNS times (a fresh tab each time, over the DevTools protocol with node). Prints the sweep's run time, the API's response times and sizes, and the page's first paint and first
# complete render (summary, every chart, the first page of the table) as the page itself measured them.
#   bench/dashboard/run.sh            # TRIALS=2000 bench/dashboard/run.sh for a quicker look
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
trials=${TRIALS:-10000}
runs=${RUNS:-3}
port=${PORT:-18090}
dir=${DIR:-/tmp/actortune-dashboard-bench}
chromium=${CHROMIUM:-/usr/bin/chromium}
[[ -x "$chromium" ]] || { echo "needs $chromium (apt-get install chromium)" >&2; exit 1; }
mkdir -p "$dir"
db="$dir/big-$trials.db"
cat > "$dir/big-$trials.hocon" <<HOCON
sweep {
  name = big-$trials
  seed = 1
  model = synthetic
  epochs = 10
  trials = $trials
  concurrency = 2
  strategy { type = random }
  space {
    learning-rate { scale = log, min = 1e-4, max = 1 }
    beta1 { scale = one-minus-log, min = 0.9, max = 0.999 }
    hidden-units { scale = int, min = 16, max = 256 }
    batch-size { values = [16, 32, 64, 128, 256] }
  }
}
HOCON
cd "$dir"
"$root/actortune" --help >/dev/null # builds first if needed, so the timings below are not the build's
if [[ ! -f "$db" ]]; then
  start=$(date +%s)
  "$root/actortune" run "big-$trials.hocon" --db "$db" >/dev/null
  echo "sweep: $trials trials x 10 epochs ran in $(( $(date +%s) - start )) s"
fi
"$root/actortune" dashboard --db "$db" --http "127.0.0.1:$port" > dashboard.log 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do grep -q "dashboard on" dashboard.log && break; sleep 0.5; done
url="http://127.0.0.1:$port"
for path in "/api/sweeps/big-$trials" "/api/sweeps/big-$trials" "/api/sweeps/big-$trials/trials?limit=50" "/api/sweeps/big-$trials/trials?sort=learning-rate&limit=50&offset=5000"; do
  curl -s -o /dev/null -w "GET $path: %{http_code}, %{size_download} bytes in %{time_total} s\n" "$url$path"
done
"$chromium" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking \
  --disable-component-update --disable-sync --window-size=1400,1000 --remote-debugging-port=$((port + 1)) about:blank > chromium.log 2>&1 &
browser=$!
trap 'kill $server $browser 2>/dev/null || true' EXIT
for _ in $(seq 1 60); do curl -s "http://127.0.0.1:$((port + 1))/json/version" >/dev/null && break; sleep 0.5; done
for i in $(seq 1 "$runs"); do
  echo "page load $i: $(node --experimental-websocket --no-warnings "$root/bench/dashboard/first-render.mjs" $((port + 1)) "$url/sweeps/big-$trials")"
done

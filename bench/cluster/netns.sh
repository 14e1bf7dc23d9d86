#!/usr/bin/env bash
# A multi-machine rig on one Linux machine: network namespaces joined by veth pairs to a bridge, each with an
# address from 10.213.7.0/24, a subnet used only inside these namespaces (the bridge lives in a namespace of its
# own too, so the machine's own network is never touched and no packet leaves these namespaces).
#
#   bash bench/cluster/netns.sh up [PREFIX]       make PREFIX-sw (the bridge) and PREFIX-host/-standby/-w1/-w2/-client/-db
#   bash bench/cluster/netns.sh down [PREFIX]     delete every namespace named PREFIX-* (and with them the links)
#   bash bench/cluster/netns.sh netem PREFIX ARGS on every node's link: tc qdisc … netem ARGS (e.g. delay 100ms loss 1%)
#   bash bench/cluster/netns.sh demo [TRIALS]     up, a host, two workers and a client, one sweep, show, down
#
# Needs root and iproute2. Addresses: host .10, w1 .11, w2 .12, standby .13 (a second coordinator), client .20,
# db .30 (PostgreSQL, for the failover test).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
subnet=10.213.7
declare -A address=([host]=10 [w1]=11 [w2]=12 [standby]=13 [client]=20 [db]=30)

up() {
  local p=$1
  ip netns add "$p-sw"
  ip -n "$p-sw" link add br0 type bridge
  ip -n "$p-sw" link set br0 up
  for node in "${!address[@]}"; do
    ip netns add "$p-$node"
    # Made inside the bridge's namespace with its peer put straight into the node's: the root namespace sees neither.
    ip -n "$p-sw" link add "v-$node" type veth peer name eth0 netns "$p-$node"
    ip -n "$p-sw" link set "v-$node" master br0 up
    ip -n "$p-$node" link set lo up
    ip -n "$p-$node" addr add "$subnet.${address[$node]}/24" dev eth0
    ip -n "$p-$node" link set eth0 up
  done
}

down() {
  local p=$1
  for ns in $(ip netns list | awk '{print $1}' | grep -E "^$p-" || true); do
    ip netns pids "$ns" 2>/dev/null | xargs -r kill -9 2>/dev/null || true
    ip netns del "$ns"
  done
}

netem() {
  local p=$1; shift
  for node in "${!address[@]}"; do
    if ! ip netns exec "$p-$node" tc qdisc replace dev eth0 root netem "$@"; then
      echo "netem: tc could not add a netem qdisc (no sch_netem module in this kernel?)" >&2
      exit 1
    fi
  done
}

demo() {
  local trials=${1:-12} p="atn$$"
  "$root/actortune" --help > /dev/null # builds .build/host when needed
  local at=(dotnet "$root/.build/host/actortune.dll") work
  work=$(mktemp -d)
  trap 'down '"$p"'; rm -rf '"$work" EXIT
  up "$p"
  cat > "$work/netns.hocon" <<HOCON
sweep {
  name = netns
  seed = 1
  model = synthetic
  synthetic { epoch-seconds = 0.05 }
  epochs = 10
  trials = $trials
  concurrency = 2
  space {
    learning-rate { scale = log, min = 1e-4, max = 1 }
  }
}
HOCON
  cd "$work"
  ip netns exec "$p-host" "${at[@]}" host --bind $subnet.10 --port 4053 --slots 0 > host.log 2>&1 &
  sleep 8
  for w in w1 w2; do
    ip netns exec "$p-$w" "${at[@]}" worker --bind $subnet.${address[$w]} --seed $subnet.10:4053 --slots 2 > "$w.log" 2>&1 &
  done
  sleep 8
  [[ -n "${NETEM:-}" ]] && netem "$p" $NETEM
  local clock=$SECONDS
  ip netns exec "$p-client" "${at[@]}" submit netns.hocon --host $subnet.10:4053
  until grep -q "sweep netns completed" host.log; do sleep 1; done
  echo "sweep done in $((SECONDS - clock)) s${NETEM:+ with netem $NETEM}"
  ip netns exec "$p-client" "${at[@]}" show netns --host $subnet.10:4053
}

case "${1:-}" in
  up) up "${2:-atn}" ;;
  down) down "${2:-atn}" ;;
  netem) shift; p=$1; shift; netem "$p" "$@" ;;
  demo) demo "${2:-12}" ;;
  *) sed -n '2,14p' "$0"; exit 2 ;;
esac

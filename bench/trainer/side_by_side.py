"""Alternates ActorTune's `bench trainer` and the PyTorch peer on the three benchmark problems and prints the
medians. Called by run.sh, which installs the peer and builds ActorTune first."""
import argparse
import json
import os
import statistics
import subprocess
import sys

PROBLEMS = [
    # name, hidden layers, hidden units, batch size, goal (ratio) or None
    ("A", 2, 128, 64, 3.0),
    ("B", 3, 256, 32, 2.0),
    ("C", 1, 32, 16, None),
]
EPOCHS = 20


def run_json(command):
    """Runs a benchmark process and returns the JSON object on the last line of its output."""
    result = subprocess.run(command, check=True, capture_output=True, text=True)
    return json.loads(result.stdout.strip().splitlines()[-1])


def check_blas(peer_result):
    """Refuses a peer that runs on the reference BLAS (about 5× slower): not a fair comparison."""
    libraries = peer_result.get("blas", [])
    if not any("openblas" in name for name in libraries):
        sys.exit(f"PyTorch is not using OpenBLAS (BLAS libraries loaded: {libraries}); "
                 "install libopenblas0-pthread or select it with update-alternatives")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--actortune", required=True)
    parser.add_argument("--peer", required=True)
    parser.add_argument("--data", required=True)
    args = parser.parse_args()

    print(f"load average at start: {os.getloadavg()[0]:.2f}; {args.runs} runs of each, alternating, {EPOCHS} epochs, "
          "training time only, one throwaway warm-up epoch in each process", flush=True)
    rows = []
    for name, layers, units, batch, goal in PROBLEMS:
        shape = ["--layers", str(layers), "--hidden-units", str(units), "--batch-size", str(batch), "--epochs", str(EPOCHS)]
        ours_command = [args.actortune, "bench", "trainer", *shape, "--json"]
        peer_command = ["/usr/bin/python3", args.peer, "--data", args.data, *shape]
        ours, peer, ratios = [], [], []
        for run in range(args.runs):
            # Who goes first alternates too, so neither always runs on a machine the other just warmed.
            pair = {}
            for who in (("ours", "peer") if run % 2 == 0 else ("peer", "ours")):
                pair[who] = run_json(ours_command if who == "ours" else peer_command)
            check_blas(pair["peer"])
            ours.append(pair["ours"])
            peer.append(pair["peer"])
            ratios.append(pair["ours"]["samples_per_second"] / pair["peer"]["samples_per_second"])
            print(f"  {name} run {run + 1}: ActorTune {pair['ours']['samples_per_second']:>10,.0f}  "
                  f"PyTorch {pair['peer']['samples_per_second']:>9,.0f} samples/s  ratio {ratios[-1]:.2f}", flush=True)
        rows.append((name, layers, units, batch, goal, ours, peer, ratios))

    print(f"\nload average at end: {os.getloadavg()[0]:.2f}; PyTorch BLAS: {peer[0]['blas'][-1]}")
    print(f"\n| problem | network | batch | ActorTune samples/s | PyTorch samples/s | ratio (median) | ratio range | goal "
          "| val_accuracy (ActorTune / PyTorch) | warm-up epoch ms (ActorTune / PyTorch) |")
    print("|---|---|---|---:|---:|---:|---|---|---|---|")
    for name, layers, units, batch, goal, ours, peer, ratios in rows:
        network = "-".join(["64"] + [str(units)] * layers + ["10"])
        median = statistics.median(ratios)
        verdict = "report" if goal is None else f"≥ {goal:g}× {'met' if median >= goal else 'MISSED'}"
        print(f"| {name} | {network} | {batch} "
              f"| {statistics.median(r['samples_per_second'] for r in ours):,.0f} "
              f"| {statistics.median(r['samples_per_second'] for r in peer):,.0f} "
              f"| {median:.2f}× | {min(ratios):.2f}–{max(ratios):.2f} | {verdict} "
              f"| {statistics.median(r['val_accuracy'] for r in ours):.3f} / {statistics.median(r['val_accuracy'] for r in peer):.3f} "
              f"| {statistics.median(r['warm_up_seconds'] for r in ours) * 1000:.0f} / "
              f"{statistics.median(r['warm_up_seconds'] for r in peer) * 1000:.0f} |")


if __name__ == "__main__":
    main()

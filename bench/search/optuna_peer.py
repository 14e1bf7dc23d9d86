#!/usr/bin/python3
"""Optuna's TPE and random samplers on ActorTune's synthetic search problems, side by side with ActorTune.

Reads the JSON of `actortune bench search --json`, which states each synthetic problem's formula (every
parameter's scale, bounds, optimum as a unit position and weight; the width), re-implements that formula here,
checks it against the trials ActorTune reported (to 1e-9), runs Optuna 3.1's TPESampler and RandomSampler with
their defaults for the same budget and seeds (and the TPESampler once more with the upstream fix of its density,
see PEERS), and prints one table: each strategy's best value, mean +- sd over the seeds, per problem. Problems
other than synthetic (the digits MLP) are shown for ActorTune only.

    /usr/bin/python3 bench/search/optuna_peer.py actortune.json [--json optuna.json]
"""
import argparse
import contextlib
import json
import math
import statistics
import sys
import time

import numpy as np
import optuna
from optuna.samplers._tpe import _truncnorm

STRATEGIES = ["grid", "random", "sobol", "coarse-to-fine", "tpe"]
PEERS = {
    "optuna-random": lambda seed: optuna.samplers.RandomSampler(seed=seed),
    "optuna-tpe": lambda seed: optuna.samplers.TPESampler(seed=seed),
    # Optuna 3.1's truncated-normal log density leaves out -log(scale), so its Parzen densities do not integrate to 1
    # (optuna/optuna#5109, fixed by #5110 in 3.5). This row is 3.1's TPE with that one line fixed.
    "optuna-tpe-fixed": lambda seed: optuna.samplers.TPESampler(seed=seed),
}


@contextlib.contextmanager
def logpdf_fixed(enabled):
    """Applies the upstream fix (optuna#5110) to Optuna's truncated-normal log density while the block runs."""
    original = _truncnorm.logpdf
    if enabled:
        _truncnorm.logpdf = lambda x, a, b, loc=0, scale=1: original(x, a, b, loc, scale) - np.log(scale)
    try:
        yield
    finally:
        _truncnorm.logpdf = original


def axis_bounds(p):
    """The parameter's axis (ln x for log, ln(1-x) for one-minus-log); integers own whole cells, as in ActorTune."""
    scale, low, high = p["scale"], p["min"], p["max"]
    if scale == "int":
        return low - 0.5, high + 0.5
    if scale == "int-log":
        return math.log(low - 0.5), math.log(high + 0.5)
    if scale == "log":
        return math.log(low), math.log(high)
    if scale == "one-minus-log":
        return math.log(1 - low), math.log(1 - high)
    return low, high


def to_axis(p, value):
    if p["scale"] in ("log", "int-log"):
        return math.log(value)
    if p["scale"] == "one-minus-log":
        return math.log(1 - value)
    return value


def unit_position(p, value):
    """Where a value sits in [0, 1] on its parameter's own scale (a choice: the middle of its cell)."""
    if p["kind"] == "choice":
        return (p["values"].index(value) + 0.5) / len(p["values"])
    low, high = axis_bounds(p)
    return min(1.0, max(0.0, (to_axis(p, value) - low) / (high - low)))


def value_of(problem, params):
    """ActorTune's synthetic model with noise 0: quality from the weighted distance, then the best epoch's accuracy."""
    formula = problem["synthetic"]
    distance = 0.0
    for p in formula["parameters"]:
        u = unit_position(p, params[p["name"]])
        distance += p["weight"] * (u - p["optimum"]) ** 2
    return best_accuracy(problem, math.exp(-distance / (2 * formula["width"] ** 2)))


def best_accuracy(problem, quality):
    """The synthetic learning curve's best epoch for a quality in [0, 1] (1 at the optimum)."""
    final = 0.10 + 0.85 * quality
    rate = 0.08 + 0.5 * quality
    curve = (0.10 + (final - 0.10) * (1 - math.exp(-rate * epoch)) for epoch in range(1, problem["epochs"] + 1))
    return max(min(1.0, max(0.0, accuracy)) for accuracy in curve)


def suggest(trial, p):
    """The parameter on its own scale, as an Optuna user would write it (1 - beta log-uniform for one-minus-log)."""
    name, scale = p["name"], p.get("scale")
    if p["kind"] == "choice":
        return trial.suggest_categorical(name, p["values"])
    if scale == "one-minus-log":
        return 1 - trial.suggest_float("1-" + name, 1 - p["max"], 1 - p["min"], log=True)
    if scale in ("int", "int-log"):
        return trial.suggest_int(name, int(p["min"]), int(p["max"]), log=scale == "int-log")
    return trial.suggest_float(name, p["min"], p["max"], log=scale == "log")


def check_formula(problem):
    """The re-implementation must give ActorTune's values for ActorTune's own trials, or the comparison means nothing."""
    for strategy, result in problem["results"].items():
        for trial in result.get("first_trials", []):
            params = {p["name"]: normalise(p, trial["params"][p["name"]]) for p in problem["synthetic"]["parameters"]}
            mine, theirs = value_of(problem, params), trial["value"]
            if abs(mine - theirs) > 1e-9:
                sys.exit(f"{problem['name']}: formula mismatch on a {strategy} trial: {mine} here, {theirs} in ActorTune")


def normalise(p, value):
    return str(value) if p["kind"] == "choice" and not isinstance(value, str) else value


def optuna_best(problem, sampler):
    """The best value Optuna finds in the problem's budget, and the seconds it spent per trial outside the objective."""
    study = optuna.create_study(direction="maximize" if problem["goal"] == "max" else "minimize", sampler=sampler)
    parameters = problem["synthetic"]["parameters"]
    start = time.perf_counter()
    study.optimize(lambda trial: value_of(problem, {p["name"]: suggest(trial, p) for p in parameters}),
                   n_trials=problem["trials"])
    return study.best_value, (time.perf_counter() - start) / problem["trials"]


def cell(values):
    values = [v for v in values if v is not None]
    if not values:
        return "-"
    sd = statistics.stdev(values) if len(values) > 1 else 0.0
    return f"{statistics.mean(values):.4f} ± {sd:.4f}"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("actortune_json", help="output of `actortune bench search --json`")
    parser.add_argument("--json", help="also write Optuna's best values per problem and seed to this file")
    args = parser.parse_args()
    optuna.logging.set_verbosity(optuna.logging.WARNING)
    with open(args.actortune_json, encoding="utf-8") as f:
        report = json.load(f)
    seeds = report["seeds"]
    peer = {}
    for problem in report["problems"]:
        if problem["model"] != "synthetic":
            continue
        if problem["synthetic"]["noise"] != 0:
            sys.exit(f"{problem['name']}: the peer re-implements the noise-free formula only (set synthetic.noise = 0)")
        check_formula(problem)
        peer[problem["name"]] = {}
        for name, make in PEERS.items():
            with logpdf_fixed(name.endswith("-fixed")):
                runs = [optuna_best(problem, make(seed)) for seed in range(1, seeds + 1)]
            peer[problem["name"]][name] = {"best": [best for best, _ in runs],
                                           "ms_per_trial": 1000 * statistics.mean(seconds for _, seconds in runs)}
    if args.json:
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump({"seeds": seeds, "optuna": optuna.__version__, "problems": peer}, f, indent=2)

    problems = report["problems"]
    print(f"best value found, mean ± sd over {seeds} seeds (higher is better; ActorTune {', '.join(STRATEGIES)} with "
          f"defaults; Optuna {optuna.__version__} samplers with defaults, optuna-tpe-fixed with the fix of optuna#5109)")
    print()
    print("| strategy | " + " | ".join(f"{p['name']} ({p['trials']}×{p['epochs']})" for p in problems) + " |")
    print("|---|" + "---|" * len(problems))
    for name in [s for s in STRATEGIES if any(s in p["results"] for p in problems)]:
        print(f"| {name} | " + " | ".join(cell(p["results"].get(name, {}).get("best", [])) for p in problems) + " |")
    for name in PEERS:
        print(f"| {name} | " + " | ".join(cell(peer.get(p["name"], {}).get(name, {}).get("best", [])) for p in problems) + " |")
    print("| *optimum* | " + " | ".join(f"{best_accuracy(p, 1.0):.4f}" if p["model"] == "synthetic" else "unknown"
                                       for p in problems) + " |")
    print()
    print("milliseconds per proposal, mean over the synthetic problems (ActorTune: deciding only; Optuna: the whole"
          " trial with its trivial objective)")
    print()
    synthetic = [p for p in problems if p["model"] == "synthetic"]
    timings = [(name, statistics.mean(p["results"][name]["ms_per_proposal"] for p in synthetic))
               for name in STRATEGIES if synthetic and all(name in p["results"] for p in synthetic)]
    timings += [(name, statistics.mean(peer[p["name"]][name]["ms_per_trial"] for p in synthetic)) for name in PEERS if synthetic]
    print("| " + " | ".join(name for name, _ in timings) + " |")
    print("|" + "---|" * len(timings))
    print("| " + " | ".join(f"{ms:.2f}" for _, ms in timings) + " |")


if __name__ == "__main__":
    main()

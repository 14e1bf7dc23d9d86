"""Optuna's side of the durable-throughput benchmark: the same synthetic trials, every intermediate value
reported to Optuna's RDB storage on SQLite (what Optuna recommends for persistence), one process."""
import json
import math
import sys
import time

import optuna


def main():
    trials, epochs, path = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
    optuna.logging.set_verbosity(optuna.logging.WARNING)
    study = optuna.create_study(
        storage=f"sqlite:///{path}", study_name="durable", direction="maximize",
        sampler=optuna.samplers.RandomSampler(seed=1), pruner=optuna.pruners.NopPruner())

    def objective(trial):
        lr = trial.suggest_float("learning-rate", 1e-4, 1, log=True)
        # ActorTune's synthetic curve: closeness to an optimum on the log scale sets height and speed.
        u = (math.log(lr) - math.log(1e-4)) / (math.log(1) - math.log(1e-4))
        quality = math.exp(-((u - 0.618) ** 2) / (2 * 0.2 ** 2))
        final, rate = 0.10 + 0.85 * quality, 0.08 + 0.5 * quality
        value = 0.0
        for epoch in range(1, epochs + 1):
            value = 0.10 + (final - 0.10) * (1 - math.exp(-rate * epoch))
            trial.report(value, epoch)
        return value

    start = time.perf_counter()
    study.optimize(objective, n_trials=trials)
    seconds = time.perf_counter() - start
    print(json.dumps({"results": trials * epochs, "seconds": seconds, "results_per_second": trials * epochs / seconds}))


if __name__ == "__main__":
    main()

"""Optuna's side of the early-stopping benchmark: the digits MLP search of hocon/sweeps/digits-asha.hocon
(same space, same data split and standardisation, Adam, ReLU, 20 epochs) in PyTorch on one thread per trial,
with an Optuna sampler and pruner. Prints one JSON object: epochs spent, best val_accuracy, seconds.

    /usr/bin/python3 optuna_peer.py DATA SAMPLER PRUNER SEED [TRIALS] [JOBS]
    SAMPLER: random | tpe      PRUNER: none | median | sha
"""
import gzip
import json
import math
import os
import sys
import time

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")

import numpy as np  # noqa: E402
import optuna  # noqa: E402
import torch  # noqa: E402
import torch.nn.functional as F  # noqa: E402

EPOCHS = 20


def load(path, validation=0.2):
    with gzip.open(path, "rt") as f:
        table = np.loadtxt(f, delimiter=",", dtype=np.float64)
    x, y = table[:, :-1], table[:, -1].astype(np.int64)
    valid = len(y) - int(math.floor(len(y) * (1 - validation) + 1e-9))
    train = len(y) - valid
    mean, sigma = x[:train].mean(axis=0), x[:train].std(axis=0)
    x = ((x - mean) / np.where(sigma > 1e-12, sigma, 1)).astype(np.float32)
    return torch.from_numpy(x[:train]), torch.from_numpy(y[:train]), torch.from_numpy(x[train:]), torch.from_numpy(y[train:])


def main():
    data, sampler_name, pruner_name, seed = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    trials = int(sys.argv[5]) if len(sys.argv) > 5 else 60
    jobs = int(sys.argv[6]) if len(sys.argv) > 6 else 2
    torch.set_num_threads(1)
    optuna.logging.set_verbosity(optuna.logging.WARNING)
    train_x, train_y, valid_x, valid_y = load(data)
    sampler = {"random": optuna.samplers.RandomSampler(seed=seed), "tpe": optuna.samplers.TPESampler(seed=seed)}[sampler_name]
    pruner = {"none": optuna.pruners.NopPruner(), "median": optuna.pruners.MedianPruner(),
              "sha": optuna.pruners.SuccessiveHalvingPruner()}[pruner_name]
    study = optuna.create_study(direction="maximize", sampler=sampler, pruner=pruner)
    epochs_spent = []

    def objective(trial):
        lr = trial.suggest_float("learning-rate", 1e-4, 1e-1, log=True)
        beta1 = 1 - trial.suggest_float("one-minus-beta1", 1e-3, 0.2, log=True)
        hidden = trial.suggest_int("hidden-units", 16, 256, log=True)
        layers = trial.suggest_int("layers", 1, 3)
        batch = trial.suggest_categorical("batch-size", [16, 32, 64, 128])
        torch.manual_seed(seed * 1000 + trial.number)
        widths = [train_x.shape[1]] + [hidden] * layers + [10]
        modules = []
        for i in range(len(widths) - 1):
            linear = torch.nn.Linear(widths[i], widths[i + 1])
            torch.nn.init.normal_(linear.weight, 0.0, (2.0 / widths[i]) ** 0.5)
            torch.nn.init.zeros_(linear.bias)
            modules += [linear, torch.nn.ReLU()] if i < len(widths) - 2 else [linear]
        model = torch.nn.Sequential(*modules)
        optimiser = torch.optim.Adam(model.parameters(), lr=lr, betas=(beta1, 0.999), eps=1e-8)
        best = 0.0
        for epoch in range(1, EPOCHS + 1):
            order = torch.randperm(len(train_y))
            for start in range(0, len(train_y), batch):
                rows = order[start:start + batch]
                loss = F.cross_entropy(model(train_x[rows]), train_y[rows])
                optimiser.zero_grad(set_to_none=True)
                loss.backward()
                optimiser.step()
            with torch.no_grad():
                accuracy = (model(valid_x).argmax(dim=1) == valid_y).float().mean().item()
            best = max(best, accuracy)
            trial.report(accuracy, epoch)
            if trial.should_prune():
                epochs_spent.append(epoch)
                raise optuna.TrialPruned()
        epochs_spent.append(EPOCHS)
        return best

    start = time.perf_counter()
    study.optimize(objective, n_trials=trials, n_jobs=jobs)
    seconds = time.perf_counter() - start
    print(json.dumps({"epochs": sum(epochs_spent), "best": study.best_value, "seconds": seconds}))


if __name__ == "__main__":
    main()

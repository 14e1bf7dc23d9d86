"""The PyTorch peer of `actortune bench trainer`: the same MLP, data split, standardisation, optimiser and
batches, on one CPU thread; prints one JSON object with the same keys.

Run it as /usr/bin/python3 with Debian's python3-torch and libopenblas0-pthread (see run.sh)."""
import argparse
import gzip
import json
import math
import os
import time

# OpenBLAS reads its thread count when it loads, before torch.set_num_threads can reach it.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")

import numpy as np  # noqa: E402
import torch  # noqa: E402
import torch.nn.functional as F  # noqa: E402


def load(path, validation):
    """Rows as ActorTune's PreparedData: the first floor(rows * (1 - validation)) rows train and the rest validate, features standardised
    with the training rows' mean and population standard deviation (scale 1 for a constant feature)."""
    with gzip.open(path, "rt") as f:
        table = np.loadtxt(f, delimiter=",", dtype=np.float64)
    x, y = table[:, :-1], table[:, -1].astype(np.int64)
    train_rows = int(math.floor(len(y) * (1 - validation) + 1e-9))
    valid_rows = len(y) - train_rows
    mean = x[:train_rows].mean(axis=0)
    sigma = x[:train_rows].std(axis=0)
    scale = np.where(sigma > 1e-12, 1 / np.where(sigma > 1e-12, sigma, 1), 1)
    x = ((x - mean) * scale).astype(np.float32)
    return (torch.from_numpy(x[:train_rows]), torch.from_numpy(y[:train_rows]),
            torch.from_numpy(x[train_rows:]), torch.from_numpy(y[train_rows:]))


def network(features, hidden_units, layers, classes):
    """He-normal weights and zero biases, as ActorTune initialises a ReLU network."""
    widths = [features] + [hidden_units] * layers + [classes]
    modules = []
    for i in range(len(widths) - 1):
        linear = torch.nn.Linear(widths[i], widths[i + 1])
        torch.nn.init.normal_(linear.weight, 0.0, (2.0 / widths[i]) ** 0.5)
        torch.nn.init.zeros_(linear.bias)
        modules.append(linear)
        if i < len(widths) - 2:
            modules.append(torch.nn.ReLU())
    return torch.nn.Sequential(*modules)


def train(model, x, y, batch_size, epochs, lr, seed):
    optimiser = torch.optim.Adam(model.parameters(), lr=lr, betas=(0.9, 0.999), eps=1e-8)
    generator = torch.Generator().manual_seed(seed)
    rows = len(y)
    for _ in range(epochs):
        order = torch.randperm(rows, generator=generator)
        for start in range(0, rows, batch_size):
            batch = order[start:start + batch_size]
            loss = F.cross_entropy(model(x[batch]), y[batch])
            optimiser.zero_grad(set_to_none=True)
            loss.backward()
            optimiser.step()


def blas_libraries():
    """The BLAS shared objects mapped into this process (after a product has run)."""
    with open("/proc/self/maps") as maps:
        names = {line.split()[-1] for line in maps if ".so" in line}
    return sorted(n for n in names if "blas" in os.path.basename(n).lower())


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", required=True)
    parser.add_argument("--layers", type=int, default=2)
    parser.add_argument("--hidden-units", type=int, default=128)
    parser.add_argument("--batch-size", type=int, default=64)
    parser.add_argument("--epochs", type=int, default=20)
    parser.add_argument("--learning-rate", type=float, default=1e-3)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    torch.set_num_threads(1)
    torch.manual_seed(args.seed)
    train_x, train_y, valid_x, valid_y = load(args.data, 0.2)
    classes = int(max(train_y.max(), valid_y.max())) + 1
    shape = (train_x.shape[1], args.hidden_units, args.layers, classes)

    # One throwaway epoch first, as ActorTune's benchmark does (there it compiles the kernels): first-call
    # set-up stays out of the timed run.
    clock = time.perf_counter()
    train(network(*shape), train_x, train_y, args.batch_size, 1, args.learning_rate, args.seed + 1)
    warm_up_seconds = time.perf_counter() - clock

    model = network(*shape)
    clock = time.perf_counter()
    train(model, train_x, train_y, args.batch_size, args.epochs, args.learning_rate, args.seed)
    seconds = time.perf_counter() - clock

    with torch.no_grad():
        accuracy = (model(valid_x).argmax(dim=1) == valid_y).float().mean().item()
    print(json.dumps({
        "samples_per_second": len(train_y) * args.epochs / seconds,
        "seconds_per_epoch": seconds / args.epochs,
        "val_accuracy": accuracy,
        "warm_up_seconds": warm_up_seconds,
        "threads": torch.get_num_threads(),
        "blas": blas_libraries(),
    }))


if __name__ == "__main__":
    main()

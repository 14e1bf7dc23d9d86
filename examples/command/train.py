#!/usr/bin/env python3
"""A training program ActorTune can tune (model = command), in plain Python 3 (no numpy).

It trains a one-hidden-layer network with plain SGD on "two moons" (two interleaving half circles, 300
training and 100 validation points, the same data in every trial) and prints one JSON object per epoch on
standard output, as ActorTune reads it:

    {"epoch": 3, "train_loss": 0.41, "val_loss": 0.44, "val_accuracy": 0.86}

Anything else it has to say goes to standard error, which ActorTune keeps as the trial's log
(`actortune show NAME --log TRIAL`). Run it by hand:

    python3 train.py --learning-rate 0.1 --hidden-units 16 --epochs 5
"""
import argparse
import json
import math
import random
import sys


def moons(count, noise, rng):
    points = []
    for i in range(count):
        label = i % 2
        angle = rng.uniform(0, math.pi)
        x, y = (math.cos(angle), math.sin(angle)) if label == 0 else (1 - math.cos(angle), 0.5 - math.sin(angle))
        points.append(((x + rng.gauss(0, noise), y + rng.gauss(0, noise)), label))
    return points


def sigmoid(z):
    if z >= 0:
        return 1 / (1 + math.exp(-z))
    e = math.exp(z)
    return e / (1 + e)


class Network:
    def __init__(self, hidden, rng):
        self.w1 = [[rng.gauss(0, 1) for _ in range(2)] for _ in range(hidden)]
        self.b1 = [0.0] * hidden
        self.w2 = [rng.gauss(0, 1 / math.sqrt(hidden)) for _ in range(hidden)]
        self.b2 = 0.0

    def forward(self, x):
        h = [math.tanh(w[0] * x[0] + w[1] * x[1] + b) for w, b in zip(self.w1, self.b1)]
        return h, sigmoid(sum(w * v for w, v in zip(self.w2, h)) + self.b2)

    def step(self, x, label, rate):
        h, p = self.forward(x)
        g = p - label  # d loss / d logit for the logistic loss
        for j, hj in enumerate(h):
            gh = g * self.w2[j] * (1 - hj * hj)
            self.w2[j] -= rate * g * hj
            self.w1[j][0] -= rate * gh * x[0]
            self.w1[j][1] -= rate * gh * x[1]
            self.b1[j] -= rate * gh
        self.b2 -= rate * g

    def evaluate(self, points):
        loss, correct = 0.0, 0
        for x, label in points:
            _, p = self.forward(x)
            p = min(max(p, 1e-12), 1 - 1e-12)
            loss -= math.log(p) if label == 1 else math.log(1 - p)
            correct += (p >= 0.5) == (label == 1)
        return loss / len(points), correct / len(points)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--learning-rate", type=float, default=0.1)
    parser.add_argument("--hidden-units", type=int, default=16)
    parser.add_argument("--epochs", type=int, default=10)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    data = moons(400, 0.2, random.Random(7))
    train, validation = data[:300], data[300:]
    rng = random.Random(args.seed)
    network = Network(args.hidden_units, rng)
    print(f"training {args.hidden_units} hidden units at learning rate {args.learning_rate}", file=sys.stderr)
    for epoch in range(1, args.epochs + 1):
        rng.shuffle(train)
        try:
            for x, label in train:
                network.step(x, label, args.learning_rate)
            train_loss, _ = network.evaluate(train)
            val_loss, val_accuracy = network.evaluate(validation)
        except OverflowError:
            train_loss = val_loss = float("nan")  # a diverged run: ActorTune ends the trial as diverged
            val_accuracy = 0.5
        print(json.dumps({"epoch": epoch, "train_loss": train_loss, "val_loss": val_loss, "val_accuracy": val_accuracy}), flush=True)
        if math.isnan(train_loss):
            break
    print("done", file=sys.stderr)


if __name__ == "__main__":
    main()

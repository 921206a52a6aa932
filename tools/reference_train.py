#!/usr/bin/env python3
"""reference_train.py - the yardstick `make bench` measures against.

The article trains its neuron in pure Python: 100 samples (Celsius -50 to
49, Fahrenheit = 9/5 C + 32), 10000 full-batch iterations at learning rate
1e-4, the loss and both gradients summed over the samples in plain loops.
This file does the same work the same way (our own code, the article's
algorithm: the weight's gradient multiplies by the output, not the input),
so `make bench` can state the C program's times as ratios against it,
measured in the same run on the same machine.
"""
import random


def train(iters=10000, lr=1e-4, seed=42):
    xs = [float(c) for c in range(-50, 50)]
    ys = [x * 9 / 5 + 32 for x in xs]
    rng = random.Random(seed)
    w, b = rng.random(), rng.random()
    n = len(xs)
    for _ in range(iters):
        loss = 0.0
        dw = 0.0
        db = 0.0
        for x, y in zip(xs, ys):
            out = w * x + b
            err = out - y
            loss += err * err
            g = 2 * err / n
            dw += g * out
            db += g
        loss /= n
        w -= lr * dw
        b -= lr * db
    return w, b, loss


if __name__ == "__main__":
    w, b, loss = train()
    print(f"w {w:.6g} b {b:.6g} loss {loss:.6g}")

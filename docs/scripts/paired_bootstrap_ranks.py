#!/usr/bin/env python3
"""Paired bootstrap of NDCG@10 between two methods from an `evaluate --ranks-out` CSV.

    docs/scripts/paired_bootstrap_ranks.py RANKS.csv METHOD REFERENCE [RESAMPLES] [LEVELS]

Per test event the NDCG@10 gain is 1/log2(rank + 1) for ranks up to 10, else 0; the mean of the
per-event differences METHOD - REFERENCE is resampled over events (numpy, fixed seed). LEVELS is a
comma-separated list of interval levels (default 0.95,0.99): a window looked at several times
calls for a stricter level (Bonferroni: 1 - 0.05 / looks). docs/BENCHMARKS.md section 7 uses it
for the session-10 test look.
"""
import csv
import math
import sys

import numpy as np


def main():
    path, method, reference = sys.argv[1], sys.argv[2], sys.argv[3]
    resamples = int(sys.argv[4]) if len(sys.argv) > 4 else 10000
    levels = [float(x) for x in (sys.argv[5] if len(sys.argv) > 5 else "0.95,0.99").split(",")]
    gains = {}
    with open(path, newline="") as f:
        for row in csv.DictReader(f):
            if row["method"] not in (method, reference):
                continue
            rank = int(row["rank"])
            gain = 1.0 / math.log2(rank + 1) if rank <= 10 else 0.0
            gains.setdefault((row["user"], row["item"], row["ts"]), {})[row["method"]] = gain
    d = np.array([g[method] - g[reference] for g in gains.values() if len(g) == 2])
    rng = np.random.default_rng(20261127)
    means = np.array([d[rng.integers(0, len(d), len(d))].mean() for _ in range(resamples)])
    print(f"{method} - {reference}: {len(d)} events, mean {d.mean():+.5f},"
          f" wins {int((d > 0).sum())}:{int((d < 0).sum())}")
    for level in levels:
        low, high = np.quantile(means, [(1 - level) / 2, 1 - (1 - level) / 2])
        print(f"  {level:.0%} interval [{low:+.5f}, {high:+.5f}]")
    print(f"  share of resamples at or below 0: {(means <= 0).mean():.4f}")


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
# SYNTHETIC modalities only (see docs/BENCHMARKS.md section 6).
"""Paired per-event analysis of the SYNTHETIC-modality arms on the unseen-item slice.

Reads <dir>/w<seed>-<arm>.ranks.csv (evaluate --ranks-out), keeps method frozen-base and the
unseen-item events, and prints per seed and arm hits@10 and NDCG@10, the paired differences
against the control arm of the same seed (text-only, or the arm named by --control ARM), and
pooled differences with a 95% bootstrap interval (events resampled with the same indices for
every seed and arm: the pairing is kept).

Usage: mm_paired_unseen.py DIR ARMS SEEDS [A:B,...] [--control ARM]"""
import csv, math, sys, os, collections
import numpy as np

control = 'text'
if '--control' in sys.argv:
    i = sys.argv.index('--control')
    control = sys.argv[i + 1]
    del sys.argv[i:i + 2]
d = sys.argv[1]
arms = sys.argv[2].split(',')
seeds = [int(s) for s in sys.argv[3].split(',')]
K = 10

def load(path, method='frozen-base'):
    keys, gains = [], []
    with open(path) as f:
        for r in csv.DictReader(f):
            if r['method'] != method or r['unseen_item'] != 'true':
                continue
            rank = int(r['rank'])
            keys.append((r['user'], r['item'], r['ts']))
            gains.append(1 / math.log2(rank + 1) if rank <= K else 0.0)
    return keys, np.array(gains)

data = {}
keys0 = None
for s in seeds:
    for a in arms:
        p = os.path.join(d, f'w{s}-{a}.ranks.csv')
        if not os.path.exists(p):
            continue
        k, g = load(p)
        if keys0 is None:
            keys0 = k
        assert k == keys0, f'{p}: events differ from the first file'
        data[(s, a)] = g
n = len(keys0)
print(f'unseen-item events: {n}')
print('| seed | ' + ' | '.join(arms) + ' |')
print('| --- |' + ' --- |' * len(arms))
for s in seeds:
    cells = []
    for a in arms:
        g = data.get((s, a))
        cells.append('-' if g is None else f'{int((g > 0).sum())} hits / {g.mean():.4f}')
    print(f'| {s} | ' + ' | '.join(cells) + ' |')
complete = [s for s in seeds if all((s, a) in data for a in arms)]
print(f'seeds with every arm: {complete}')
rng = np.random.default_rng(12345)
B = 2000
idx = rng.integers(0, n, size=(B, n))
print(f'| arm | pooled hits | pooled NDCG@10 | per-seed NDCG@10 diff vs {control} (x1e-4) | pooled diff vs {control} | 95% bootstrap (events) | seed-level: mean +- 2 SE |')
print('| --- | --- | --- | --- | --- | --- | --- |')
for a in arms:
    G = np.stack([data[(s, a)] for s in complete])  # [S, n]
    T = np.stack([data[(s, control)] for s in complete])
    D = (G - T).mean(axis=0)  # per-event mean over seeds
    boot = D[idx].mean(axis=1)
    lo, hi = np.percentile(boot, [2.5, 97.5])
    per = ', '.join(f'{(data[(s,a)].mean()-data[(s,control)].mean())*1e4:+.1f}' for s in complete)
    ps = np.array([data[(s,a)].mean()-data[(s,control)].mean() for s in complete])
    se = ps.std(ddof=1) / math.sqrt(len(ps)) if len(ps) > 1 else float('nan')
    print(f'| {a} | {int((G > 0).sum())} | {G.mean():.4f} | {per} | {D.mean():+.4f} | [{lo:+.4f}, {hi:+.4f}] | {ps.mean():+.4f} +- {2*se:.4f} |')
# pairwise between non-text arms of interest
pairs = [tuple(p.split(':')) for p in (sys.argv[4].split(',') if len(sys.argv) > 4 else [])]
for a, b in pairs:
    if not all((s, a) in data and (s, b) in data for s in complete):
        continue
    D = np.stack([data[(s, a)] - data[(s, b)] for s in complete]).mean(axis=0)
    boot = D[idx].mean(axis=1)
    lo, hi = np.percentile(boot, [2.5, 97.5])
    per = ', '.join(f'{(data[(s,a)].mean()-data[(s,b)].mean())*1e4:+.1f}' for s in complete)
    ps = np.array([data[(s,a)].mean()-data[(s,b)].mean() for s in complete])
    se = ps.std(ddof=1) / math.sqrt(len(ps)) if len(ps) > 1 else float('nan')
    print(f'{a} - {b}: pooled {D.mean():+.4f}, 95% bootstrap [{lo:+.4f}, {hi:+.4f}], per seed (x1e-4) {per}; seed-level mean +- 2 SE {ps.mean():+.4f} +- {2*se:.4f}')

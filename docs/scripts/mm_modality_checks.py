#!/usr/bin/env python3
# SYNTHETIC modalities only (see docs/BENCHMARKS.md section 6).
"""Prints the trainer's modality check (held-out AUC, permutation null, p-value, decision) and the
calibrated scales of every bundle <dir>/w<seed>-<arm> of the SYNTHETIC-modality arms.

Usage: mm_modality_checks.py DIR ARMS SEEDS"""
import json, os, sys

d, arms, seeds = sys.argv[1], sys.argv[2].split(','), sys.argv[3].split(',')
print('| seed | arm | held-out items | held-out AUC | null mean +- sd | p | decision | text scale / fusion scale / w / w_cold |')
print('| --- | --- | --- | --- | --- | --- | --- | --- |')
for s in seeds:
    for a in arms:
        p = os.path.join(d, f'w{s}-{a}', 'manifest.json')
        if not os.path.exists(p):
            continue
        m = json.load(open(p))
        met, hp = m.get('metrics', {}), m.get('hyperParameters', {})
        scales = ' / '.join(str(hp.get(k, '-')) for k in
                            ('textScale', 'fusionScale', 'popularityWeight', 'popularityColdWeight'))
        for mod in ('visual', 'audio'):
            pre = f'modality.{mod}.heldout-'
            if pre + 'items' not in met:
                continue
            off = hp.get(f'modality.{mod}.off')
            print(f"| {s} | {a} | {met[pre + 'items']:.0f} | {met.get(pre + 'auc', float('nan')):.4f} | "
                  f"{met.get(pre + 'null-mean', float('nan')):.4f} +- {met.get(pre + 'null-sd', float('nan')):.4f} | "
                  f"{met.get(pre + 'p', float('nan')):.4f} | {'off' if off else 'kept'} | {scales} |")
        if not any(k.startswith('modality.') for k in met):
            print(f'| {s} | {a} | - | - | - | - | (no check) | {scales} |')

#!/usr/bin/env python3
"""The selection rule of docs/BENCHMARKS.md section 7 over two validation windows.

  docs/scripts/pooled_rule.py W1_DIR W2_DIR

Each DIR holds one results.json per candidate (validation_grid.sh). For every candidate present in
both: the event-weighted mean over the windows of the adapter-minus-base NDCG@10 difference,
overall, cold users and unseen items; also the base minus cosine co-occurrence (the frozen base's
rule of section 4). Rule: among candidates with a positive pooled cold-user difference, the
largest pooled overall difference; within 0.0002 of it, the cheaper (judged by hand).
"""
import json
import os
import sys


def difference(report, method, reference, slice_label):
    for d in report.get('pairedDifferences', []):
        if (d['method'], d['reference'], d['slice']) == (method, reference, slice_label):
            return d['ndcgDifference'], d['events']
        if (d['method'], d['reference'], d['slice']) == (reference, method, slice_label):
            return -d['ndcgDifference'], d['events']
    return None


def pooled(reports, method, reference, slice_label):
    pairs = [difference(r, method, reference, slice_label) for r in reports]
    if any(p is None for p in pairs):
        return None
    return sum(v * n for v, n in pairs) / sum(n for _, n in pairs)


def main(w1, w2):
    rows = []
    for name in sorted(os.listdir(w1)):
        paths = [os.path.join(w, name, 'results.json') for w in (w1, w2)]
        if not all(os.path.exists(p) for p in paths):
            continue
        reports = [json.load(open(p)) for p in paths]
        adapter = [pooled(reports, 'frozen-base+adapter', 'frozen-base', s)
                   for s in ('all', 'cold-users', 'unseen-items')]
        base = pooled(reports, 'frozen-base', 'cooccurrence-cosine', 'all')
        rows.append((name, adapter, base))
    eligible = [r for r in rows if r[1][1] is not None and r[1][1] > 0]
    best = max((r[1][0] for r in eligible), default=None)
    for name, (overall, cold, unseen), base in sorted(rows, key=lambda r: -(r[1][0] or -9)):
        mark = ''
        if best is not None and cold is not None and cold > 0 and overall >= best - 0.0002:
            mark = '  <- within 0.0002 of the best eligible'
        print(f'{name:6s} adapter-base pooled: all {overall:+.5f} cold {cold:+.4f} '
              f'unseen {unseen:+.4f} | base-cosine all {base:+.5f}{mark}')


if __name__ == '__main__':
    main(sys.argv[1], sys.argv[2])

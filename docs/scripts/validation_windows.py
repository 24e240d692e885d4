#!/usr/bin/env python3
"""Builds the two validation datasets of docs/BENCHMARKS.md sections 4 and 7 (session 8).

Run from the repository root. Neither dataset contains an event of the test window:
  target/val/ml-small-first80: the shipped ratings before the test window (the default 0.8 cutoff);
      a bundle trained on it with --cutoff 0.9 replays events 72%-80% (window 1, 8,067 events).
  target/val/ml-small-first72: the ratings before window 1's replay; with --cutoff 0.9 it replays
      64.8%-72% (window 2, 7,261 events).
movies.csv, tags.csv and links.csv are copied unchanged.
"""
import csv
import os
import shutil

SRC = 'data/movielens-latest-small'


def before_fraction(rows, fraction):
    """The rows strictly before the timestamp at `fraction` of the time-ordered events."""
    ordered = sorted(int(r[3]) for r in rows)
    start = ordered[int(len(ordered) * fraction)]
    return [r for r in rows if int(r[3]) < start], start


def write(rows, header, dst):
    os.makedirs(dst, exist_ok=True)
    with open(os.path.join(dst, 'ratings.csv'), 'w', newline='') as f:
        w = csv.writer(f)
        w.writerow(header)
        w.writerows(rows)
    for name in ('movies.csv', 'tags.csv', 'links.csv'):
        shutil.copy(os.path.join(SRC, name), dst)


def main():
    with open(os.path.join(SRC, 'ratings.csv')) as f:
        rows = list(csv.reader(f))
    header, rows = rows[0], rows[1:]
    first80, t80 = before_fraction(rows, 0.8)
    first72, t72 = before_fraction(first80, 0.9)
    write(first80, header, 'target/val/ml-small-first80')
    write(first72, header, 'target/val/ml-small-first72')
    print(f'first80: {len(first80):,} events before {t80}; first72: {len(first72):,} before {t72}')


if __name__ == '__main__':
    main()

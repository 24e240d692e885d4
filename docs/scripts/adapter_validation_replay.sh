#!/bin/bash
# BENCHMARKS.md section 7 (session 5): choosing the online adapter's settings on a validation
# replay that never reads the test window. Run from the repository root.
#   1. target/val/ml-small-first80: the shipped ratings strictly before the test window's first
#      timestamp (the training window of the default 0.8 cutoff); movies, tags, links unchanged.
#   2. A base trained on it with the trainer's defaults and --cutoff 0.9 (= the first 72% of all
#      events).
#   3. evaluate on that dataset replays 72%-80% (the bundle's cutoff), once per candidate.
# CANDIDATES="name=-Dkey=value,-Dkey=value ..." overrides the default list below.
# REC may point at another launcher of the same CLI (e.g. java -cp ... RecCli).
set -eu
REC=${REC:-bin/rec}
export MKL_CBWR=COMPATIBLE OMP_NUM_THREADS=1
D=target/val/ml-small-first80
B=target/bundles/val72
O=target/val/replay
mkdir -p "$D" "$O"
python3 - <<'PY'
import csv, shutil
src, dst = 'data/movielens-latest-small', 'target/val/ml-small-first80'
rows = list(csv.reader(open(f'{src}/ratings.csv')))
header, rows = rows[0], rows[1:]
ordered = sorted(int(r[3]) for r in rows)
test_start = ordered[int(len(ordered) * 0.8)]  # first timestamp of the test window
kept = [r for r in rows if int(r[3]) < test_start]
with open(f'{dst}/ratings.csv', 'w', newline='') as f:
    w = csv.writer(f); w.writerow(header); w.writerows(kept)
for name in ('movies.csv', 'tags.csv', 'links.csv'):
    shutil.copy(f'{src}/{name}', dst)
print(f'{len(kept):,} of {len(rows):,} events before {test_start}')
PY
[ -f "$B/manifest.json" ] || $REC train --dataset "$D" --cutoff 0.9 --threads 1 --out "$B"
CANDIDATES=${CANDIDATES:-"defaults= s0.5-ewc100=-Drec.adapter.stability.sigma=0.5,-Drec.adapter.ewc.lambda=100 s4=-Drec.adapter.stability.sigma=4.0 ewc0=-Drec.adapter.ewc.lambda=0 no-item-side=-Drec.adapter.item-side=false"}
for c in $CANDIDATES; do
  name=${c%%=*}; keys=${c#*=}
  $REC evaluate --bundle "$B" --dataset "$D" --explain none --compare-against frozen-base \
    --report-dir "$O/$name" ${keys//,/ } > "$O/$name.log" 2>&1 || echo "FAIL $name"
  grep "frozen-base+adapter | frozen-base |" "$O/$name/results.md" | sed "s/^/$name /"
done

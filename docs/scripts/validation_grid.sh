#!/bin/bash
# Adapter candidates on one validation window (docs/BENCHMARKS.md section 7, session 8):
#   docs/scripts/validation_grid.sh BUNDLE DATASET OUTDIR CANDIDATE...
# BUNDLE: a base trained on DATASET with --cutoff 0.9 (see validation_windows.py); one evaluate
# per candidate into OUTDIR/<candidate>/results.json; wall seconds in OUTDIR/times.txt.
# Candidates are relative to the defaults of the build REC runs (default bin/rec).
set -u
REC=${REC:-bin/rec}
B=$1; D=$2; O=$3; shift 3
export OMP_NUM_THREADS=1
mkdir -p "$O"
for k in "$@"; do
  case $k in
    E0) keys="";;                                     # the defaults
    M) keys="-Drec.adapter.ewc.lambda=10";;
    E100) keys="-Drec.adapter.ewc.lambda=100";;
    S4) keys="-Drec.adapter.stability.sigma=4.0 -Drec.adapter.ewc.lambda=10";;
    N) keys="-Drec.adapter.item-side=false -Drec.adapter.ewc.lambda=10";;
    N0) keys="-Drec.adapter.item-side=false";;
    I0) keys="-Drec.adapter.item-side=true";;
    B7) keys="-Drec.adapter.item-summary-bucket=7d";;
    R5) keys="-Drec.adapter.trainer.sample-rate=0.5";;
    *) echo "unknown candidate $k" >&2; continue;;
  esac
  s=$(date +%s)
  $REC evaluate --bundle "$B" --dataset "$D" --explain none \
    --compare-against cooccurrence-cosine,frozen-base,popularity-count \
    --report-dir "$O/$k" $keys > "$O/$k.log" 2>&1 || echo "FAIL $k" >> "$O/times.txt"
  echo "$k $(( $(date +%s) - s ))" >> "$O/times.txt"
done

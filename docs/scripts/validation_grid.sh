#!/bin/bash
# Adapter candidates on one validation window (docs/BENCHMARKS.md section 7, session 8):
#   docs/scripts/validation_grid.sh BUNDLE DATASET OUTDIR CANDIDATE...
# BUNDLE: a base trained on DATASET with --cutoff 0.9 (see validation_windows.py); one evaluate
# per candidate into OUTDIR/<candidate>/results.json; wall seconds in OUTDIR/times.txt.
# Session-8 candidates (E0 ... R5) are relative to the defaults of the build REC runs (default
# bin/rec); session-9 candidates (r3-* ... r7-*) name every key that changed since, so they repeat
# that session's rounds from any later build (docs/BENCHMARKS.md section 7, session 9); session 10's
# (r10-*) likewise.
set -u
REC=${REC:-bin/rec}
B=$1; D=$2; O=$3; shift 3
export OMP_NUM_THREADS=1
mkdir -p "$O"
# The session-8 defaults and the session-9 ones, spelled out.
S8="-Drec.adapter.stability.sigma=2.0 -Drec.adapter.user.residual-learning-rate=0 -Drec.adapter.item-side=false -Drec.adapter.ewc.lambda=0 -Drec.adapter.trainer.sample-rate=1.0"
S9="-Drec.adapter.stability.sigma=4.0 -Drec.adapter.user.residual-learning-rate=0.03 -Drec.adapter.item-side=false -Drec.adapter.ewc.lambda=0 -Drec.adapter.trainer.sample-rate=1.0"
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
    # Session 9, round 3: on s 2 without the users' residuals (the session-8 defaults).
    r3-D) keys="$S8";;
    r3-L3) keys="$S8 -Drec.adapter.learning-rate=0.003";;
    r3-L10) keys="$S8 -Drec.adapter.learning-rate=0.01";;
    r3-S4) keys="$S8 -Drec.adapter.stability.sigma=4.0";;
    r3-S8) keys="$S8 -Drec.adapter.stability.sigma=8.0";;
    r3-U2) keys="$S8 -Drec.adapter.user.learning-rate=0.2";;
    r3-H32) keys="$S8 -Drec.adapter.hidden=32";;
    r3-G32) keys="$S8 -Drec.adapter.negatives=32";;
    # Round 4: the users' residuals on s 4.
    r4-S4) keys="$S9 -Drec.adapter.user.residual-learning-rate=0";;
    r4-R01) keys="$S9 -Drec.adapter.user.residual-learning-rate=0.01";;
    r4-R03) keys="$S9 -Drec.adapter.user.residual-learning-rate=0.03";;
    r4-R10) keys="$S9 -Drec.adapter.user.residual-learning-rate=0.1";;
    # Rounds 5 and 7: on the round-4 choice (the session-9 defaults).
    r5-IC) keys="$S9 -Drec.adapter.item-side=true -Drec.adapter.item-scope=COLD";;
    r5-IA) keys="$S9 -Drec.adapter.item-side=true -Drec.adapter.item-scope=ALL";;
    r7-E10) keys="$S9 -Drec.adapter.ewc.lambda=10";;
    r7-NS) keys="$S9 -Drec.adapter.stability.enabled=false";;
    # Session 10, round 10: the online losses with the base's popularity prior, as served.
    r10-D) keys="$S9 -Drec.adapter.loss.popularity-prior=false";;
    r10-P) keys="$S9 -Drec.adapter.loss.popularity-prior=true";;
    r10-PR10) keys="$S9 -Drec.adapter.loss.popularity-prior=true -Drec.adapter.user.residual-learning-rate=0.1";;
    # Round 12: the list shown before each event as the user's pairwise negatives.
    r12-D) keys="$S9 -Drec.adapter.user.shown-negatives=0";;
    r12-N10) keys="$S9 -Drec.adapter.user.shown-negatives=10 -Drec.adapter.user.shown-weight=1.0";;
    r12-N10W03) keys="$S9 -Drec.adapter.user.shown-negatives=10 -Drec.adapter.user.shown-weight=0.3";;
    r12-N3) keys="$S9 -Drec.adapter.user.shown-negatives=3 -Drec.adapter.user.shown-weight=1.0";;
    *) echo "unknown candidate $k" >&2; continue;;
  esac
  s=$(date +%s)
  $REC evaluate --bundle "$B" --dataset "$D" --explain none \
    --compare-against cooccurrence-cosine,frozen-base,popularity-count \
    --report-dir "$O/$k" $keys > "$O/$k.log" 2>&1 || echo "FAIL $k" >> "$O/times.txt"
  echo "$k $(( $(date +%s) - s ))" >> "$O/times.txt"
done

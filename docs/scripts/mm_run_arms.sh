#!/bin/bash
# BENCHMARKS.md section 6 (2026-11-26, latest): the SYNTHETIC-modality arms on the quarter-of-users
# set, fixed epochs, paired random streams, ranks of the unseen-item slice for the paired analysis
# (docs/scripts/mm_paired_unseen.py). All modality vectors are SYNTHETIC (bin/rec
# synthetic-modalities). Run from the repository root after preparing target/mm/ml-small-quarter
# (ratings.csv rows with userId % 4 == 0; movies.csv, tags.csv copied) and the SYNTHETIC files:
#   bin/rec synthetic-modalities --dataset target/mm/ml-small-quarter --dim 32 --noise 0.5 --out target/mm/synthetic-visual-noise.jsonl --pure-noise
#   bin/rec synthetic-modalities --dataset target/mm/ml-small-quarter --dim 32 --noise 0.5 --out target/mm/synthetic-era-visual.jsonl --attribute release-year
#   bin/rec synthetic-modalities --dataset target/mm/ml-small-quarter --dim 32 --noise 0.5 --out target/mm/synthetic-era-visual-missing50.jsonl --attribute release-year --missing-rate 0.5
# REC may point at another launcher of the same CLI (e.g. java -cp ... RecCli).
set -u
REC=${REC:-bin/rec}
export MKL_CBWR=COMPATIBLE OMP_NUM_THREADS=1
COMMON="--dataset target/mm/ml-small-quarter --threads 1 --dim 32 --cf-dim 32 --hidden 64 --history 20 --epochs 3 --fixed-epochs --unseen-weight 1 --no-progress --force"
declare -A MOD=(
  [text]=""
  [text-contrast]="--contrast-without-modalities"
  [era]="--modalities target/mm/synthetic-era-visual.jsonl"
  [noise]="--modalities target/mm/synthetic-visual-noise.jsonl"
  [era-missing50]="--modalities target/mm/synthetic-era-visual-missing50.jsonl"
  [era-c0]="--modalities target/mm/synthetic-era-visual.jsonl --contrast-weight 0"
  [noise-c0]="--modalities target/mm/synthetic-visual-noise.jsonl --contrast-weight 0"
)
SEEDS=${SEEDS:-"42 43 44 45 46"}
ARMS=${ARMS:-"text text-contrast era noise era-missing50"}
mkdir -p target/mm/runs
for s in $SEEDS; do for a in $ARMS; do
  d=target/mm/runs/w$s-$a
  [ -f $d.ranks.csv ] && continue
  nice -n 10 $REC train $COMMON --seed $s ${MOD[$a]} --out $d > $d.log 2>&1 || { echo "FAIL train $d"; continue; }
  nice -n 10 $REC evaluate --dataset target/mm/ml-small-quarter --bundle $d --no-adapter \
    --rank-only-unseen-items --explain none --report-dir $d.eval --ranks-out $d.ranks.csv \
    > $d.eval.log 2>&1 || echo "FAIL evaluate $d"
done; done
# Then: python3 docs/scripts/mm_paired_unseen.py target/mm/runs text,era,noise,era-missing50 42,43,44,45,46 era-missing50:era,era-missing50:noise,era:noise

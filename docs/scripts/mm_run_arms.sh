#!/bin/bash
# BENCHMARKS.md section 6: the SYNTHETIC-modality arms on the quarter-of-users set, fixed epochs,
# paired random streams, ranks of the unseen-item slice for the paired analysis
# (docs/scripts/mm_paired_unseen.py). All modality vectors are SYNTHETIC (bin/rec
# synthetic-modalities). Run from the repository root after preparing target/mm/ml-small-quarter
# (ratings.csv rows with userId % 4 == 0; movies.csv, tags.csv copied) and the SYNTHETIC files:
#   bin/rec synthetic-modalities --dataset target/mm/ml-small-quarter --dim 32 --noise 0.5 --out target/mm/synthetic-visual-noise.jsonl --pure-noise
#   bin/rec synthetic-modalities --dataset target/mm/ml-small-quarter --dim 32 --noise 0.5 --out target/mm/synthetic-era-visual.jsonl --attribute release-year
#   bin/rec synthetic-modalities --dataset target/mm/ml-small-quarter --dim 32 --noise 0.5 --out target/mm/synthetic-era-visual-missing50.jsonl --attribute release-year --missing-rate 0.5
#   bin/rec synthetic-modalities --dataset target/mm/ml-small-quarter --dim 32 --noise 0.5 --out target/mm/synthetic-genre-visual.jsonl
#   bin/rec synthetic-modalities --dataset target/mm/ml-small-quarter --dim 32 --noise 0.5 --out target/mm/synthetic-genre-visual-missing50.jsonl --missing-rate 0.5
#
# SETTING=full-text (default): the item text holds title, genres and tags (the runs of
#   2026-11-26 session 4 and before, in target/mm/runs; those runs predate the
#   --popularity-in-loss and --contrast-without-modalities defaults and passed neither, except
#   the text-contrast arm).
# SETTING=sparse-text: the item text holds the title only (train --item-text-fields title,
#   recorded in the bundle), so the genres reach the model only through the SYNTHETIC genre
#   vectors; every arm passes --popularity-in-loss --contrast-without-modalities explicitly (the
#   figures hold whatever the defaults are); runs in target/mm/runs-sparse-text.
# SETTING=full-text-same-flags: the sparse-text flags with the full item text (title, genres,
#   tags): the same SYNTHETIC genre modality when the text already carries the genres.
# Since 2026-11-26 session 6 every modality arm runs the trainer's modality check (on by default;
#   the *-nocheck arms pass --no-modality-check); the decisions are in each bundle's manifest
#   (docs/scripts/mm_modality_checks.py prints them).
# REC may point at another launcher of the same CLI (e.g. java -cp ... RecCli).
set -u
REC=${REC:-bin/rec}
SETTING=${SETTING:-full-text}
export MKL_CBWR=COMPATIBLE OMP_NUM_THREADS=1
COMMON="--dataset target/mm/ml-small-quarter --threads 1 --dim 32 --cf-dim 32 --hidden 64 --history 20 --epochs 3 --fixed-epochs --unseen-weight 1 --no-progress --force"
case $SETTING in
  full-text)
    CONTROL_FLAG="--contrast-without-modalities"
    RUNS=target/mm/runs
    DEFAULT_ARMS="text text-contrast era noise era-missing50" ;;
  sparse-text)
    RUNS=target/mm/runs-sparse-text
    COMMON="$COMMON --item-text-fields title --popularity-in-loss --contrast-without-modalities --text-cache target/mm/text-cache.bin"
    CONTROL_FLAG=""  # already in COMMON
    DEFAULT_ARMS="text-contrast genre noise genre-missing50" ;;
  full-text-same-flags)
    RUNS=target/mm/runs-full-text-same-flags
    COMMON="$COMMON --item-text-fields all --popularity-in-loss --contrast-without-modalities --text-cache target/mm/text-cache.bin"
    CONTROL_FLAG=""
    DEFAULT_ARMS="text-contrast genre" ;;
  *) echo "SETTING must be full-text, sparse-text or full-text-same-flags" >&2; exit 2 ;;
esac
declare -A MOD=(
  [text]=""
  [text-contrast]="$CONTROL_FLAG"
  [text-contrast-b]="$CONTROL_FLAG"  # the control once more: the run-to-run spread of the pipeline
  [era]="--modalities target/mm/synthetic-era-visual.jsonl"
  [noise]="--modalities target/mm/synthetic-visual-noise.jsonl"
  [noise-nocheck]="--modalities target/mm/synthetic-visual-noise.jsonl --no-modality-check"
  [era-missing50]="--modalities target/mm/synthetic-era-visual-missing50.jsonl"
  [era-c0]="--modalities target/mm/synthetic-era-visual.jsonl --contrast-weight 0"
  [noise-c0]="--modalities target/mm/synthetic-visual-noise.jsonl --contrast-weight 0"
  [genre]="--modalities target/mm/synthetic-genre-visual.jsonl"
  [genre-missing50]="--modalities target/mm/synthetic-genre-visual-missing50.jsonl"
  [genre-c0]="--modalities target/mm/synthetic-genre-visual.jsonl --contrast-weight 0"
)
SEEDS=${SEEDS:-"42 43 44 45 46"}
ARMS=${ARMS:-$DEFAULT_ARMS}
mkdir -p $RUNS
for s in $SEEDS; do for a in $ARMS; do
  d=$RUNS/w$s-$a
  [ -f $d.ranks.csv ] && continue
  nice -n 10 $REC train $COMMON --seed $s ${MOD[$a]} --out $d > $d.log 2>&1 || { echo "FAIL train $d"; continue; }
  nice -n 10 $REC evaluate --dataset target/mm/ml-small-quarter --bundle $d --no-adapter \
    --rank-only-unseen-items --explain none --report-dir $d.eval --ranks-out $d.ranks.tmp \
    > $d.eval.log 2>&1 && mv $d.ranks.tmp $d.ranks.csv || echo "FAIL evaluate $d"
  echo "$(date -u +%T) done $d"
done; done
# Then (full text):   python3 docs/scripts/mm_paired_unseen.py target/mm/runs text,text-contrast,era,noise,era-missing50 42,43,44,45,46 era-missing50:era,era-missing50:noise,era:noise
# Then (sparse text): python3 docs/scripts/mm_paired_unseen.py target/mm/runs-sparse-text text-contrast,genre,noise,genre-missing50 42,43,44,45,46 genre-missing50:genre,genre-missing50:noise,genre:noise --control text-contrast
# Then (full text, same flags): python3 docs/scripts/mm_paired_unseen.py target/mm/runs-full-text-same-flags text-contrast,genre 42,43,44,45,46 --control text-contrast
# Cross-modal recall@10 (text latent among visual latents), e.g.:
#   bin/rec cross-modal-recall --bundle target/mm/runs-sparse-text/w42-genre --dataset target/mm/ml-small-quarter --modalities target/mm/synthetic-genre-visual.jsonl

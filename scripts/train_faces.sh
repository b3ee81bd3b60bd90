#!/usr/bin/env bash
# Reproduce the shipped face models from a folder of CelebA aligned images (img_align_celeba or a copy of it).
# Usage: bash scripts/train_faces.sh /path/to/img_align_celeba [extra core.train flags]
# With AEVAE_CELEBA_ATTRIBUTES=/path/to/list_attr_celeba.txt it also writes the named directions
# (checkpoints/shipped/face-attributes.json: smile, hair, glasses... in each model's code space), trains the face
# judge and measures the faces report with it.
set -euo pipefail
cd "$(dirname "$0")/.."
DIR=${1:?give the folder of CelebA images}; shift || true
for model in conv-ae conv-vae; do
  .venv/bin/python -m core.train --dataset image-folder --data-dir "$DIR" --limit 10000 --image-size 64 --crop 0.8 \
    --model "$model" --latent-dim 128 --epochs 20 --half --checkpoints checkpoints/shipped "$@"
done
.venv/bin/python -m core.train --dataset image-folder --data-dir "$DIR" --limit 10000 --image-size 64 --crop 0.8 \
  --model pca --latent-dim 128 --half --checkpoints checkpoints/shipped
.venv/bin/python -m core.faces --data-dir "$DIR" --limit 10000 --crop 0.8
if [ -n "${AEVAE_CELEBA_ATTRIBUTES:-}" ]; then
  .venv/bin/python -m core.faces --data-dir "$DIR" --limit 10000 --crop 0.8 --attributes "$AEVAE_CELEBA_ATTRIBUTES"
  # the face judge (checkpoints/shipped/face-judge.*), then what it measures (face-report.json: the Faces page's tables)
  .venv/bin/python -m core.facejudge --data-dir "$DIR" --limit 10000 --crop 0.8 --attributes "$AEVAE_CELEBA_ATTRIBUTES"
  .venv/bin/python -m core.report --faces --data-dir "$DIR"
fi

#!/usr/bin/env bash
# Install the runtime requirements into .venv and start the dashboard, saying what each step does.
set -euo pipefail
cd "$(dirname "$0")/.."
say() { printf '\n== %s\n' "$*"; }
say "1/3 Python packages into .venv (the first time about 3-5 minutes and 6 GB, most of it PyTorch; then seconds)"
python3 -m venv .venv
.venv/bin/pip install -q --disable-pip-version-check -r requirements.txt
say "2/3 the browser runtime of the models (onnxruntime-web, pinned and checksummed) into static/ort/"
bash scripts/vendor_web.sh  # npm; without npm the pages decode on the server instead
say "3/3 starting the lab: open the address below (the models ship: nothing to train at the defaults; Ctrl-C stops)"
exec .venv/bin/streamlit run dashboard.py "$@"

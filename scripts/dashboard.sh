#!/usr/bin/env bash
# Install the runtime requirements into .venv and start the dashboard.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m venv .venv
.venv/bin/pip install -q --disable-pip-version-check -r requirements.txt
bash scripts/vendor_web.sh  # onnxruntime-web into static/ort/ (npm, pinned, checksummed): the models in the browser
exec .venv/bin/streamlit run dashboard.py "$@"

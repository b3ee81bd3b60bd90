#!/usr/bin/env bash
# Install everything the tests need into .venv, then run the whole suite.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m venv .venv
.venv/bin/pip install -q --disable-pip-version-check -r requirements-dev.txt
bash scripts/vendor_web.sh  # onnxruntime-web into static/ort/ (npm, pinned, checksummed): the models in the browser
bash scripts/vendor_web.sh --check  # the tests of the models in the browser must not skip for want of it
if ! command -v chromium >/dev/null 2>&1; then  # Debian's Chromium for the real-browser tests (no browser download)
  (apt-get update -qq && apt-get install -y -qq chromium >/dev/null) || echo "chromium unavailable: browser tests will skip"
fi
npm ci --ignore-scripts --no-audit --no-fund --loglevel=error >/dev/null  # Biome, as package-lock.json pins it (sha512)
node_modules/.bin/biome ci --colors=off  # the browser modules and their tests (biome.json): lint, one format
node --test --test-reporter=dot tests/js/*.test.mjs  # the browser modules' pure parts (Node's own test runner)
.venv/bin/ruff check --quiet .           # lint (pyproject.toml: line length 120)
.venv/bin/ruff format --check --quiet .  # one format
.venv/bin/lint-imports --no-cache >/dev/null || .venv/bin/lint-imports --no-cache  # layers; details on failure
exec .venv/bin/python -m pytest "$@"

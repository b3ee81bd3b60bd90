#!/usr/bin/env bash
# Reproduce the browser runtime in static/ort/: onnxruntime-web at the version pinned in web/package-lock.json
# (npm checks each package against the lock file's sha512), then the copied files against web/ort.sha256.
# Nothing is fetched at run time: the dashboard serves these files itself (Streamlit's static serving).
# Usage: bash scripts/vendor_web.sh [--check]   (--check: verify only, never install)
set -euo pipefail
cd "$(dirname "$0")/.."
FILES=(ort.wasm.min.mjs ort-wasm-simd-threaded.mjs ort-wasm-simd-threaded.wasm)
verify() { [ -d static/ort ] && (cd static/ort && sha256sum --quiet --status -c ../../web/ort.sha256); }
if verify; then exit 0; fi
if [ "${1:-}" = "--check" ]; then echo "static/ort/ is missing or does not match web/ort.sha256" >&2; exit 1; fi
if ! command -v npm >/dev/null 2>&1; then
  echo "npm not found: the models cannot run in the browser (the pages decode on the server instead)." >&2
  echo "Install Node.js and npm, then run: bash scripts/vendor_web.sh" >&2
  exit 0
fi
(cd web && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error >/dev/null)
mkdir -p static/ort
for f in "${FILES[@]}"; do cp "web/node_modules/onnxruntime-web/dist/$f" static/ort/; done
if ! verify; then
  echo "static/ort/ does not match web/ort.sha256: the copied files are not the pinned ones" >&2
  (cd static/ort && sha256sum -c ../../web/ort.sha256) >&2 || true
  exit 1
fi
echo "onnxruntime-web $(node -p "require('./web/node_modules/onnxruntime-web/package.json').version" 2>/dev/null) in static/ort/ (verified)"
rm -rf web/node_modules  # 150 MB of other builds; the three files above are all the page needs

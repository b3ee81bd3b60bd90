#!/usr/bin/env bash
# Refresh the message template from the code (python -m core.i18n: babel.cfg and core.i18n.KEYWORDS say where and
# how) and merge it into every catalog. Then translate what is new (an empty msgstr) in
# locales/<lang>/LC_MESSAGES/messages.po; tests/test_i18n.py fails until every message has its translation and no
# catalog keeps a message the code no longer uses.
# A new language: .venv/bin/pybabel init -i locales/messages.pot -d locales -D messages -l <code>
set -euo pipefail
cd "$(dirname "$0")/.."
.venv/bin/python -m core.i18n
.venv/bin/pybabel -q update -i locales/messages.pot -d locales -D messages --no-fuzzy-matching --ignore-obsolete -w 120

#!/usr/bin/env bash
# The whole test suite, headless: install (if needed), then ruff, mypy and pytest.
#   bash scripts/test.sh            default suite
#   bash scripts/test.sh --slow     also the slow variants (crash kills, fuzz corpora)
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh --test
export QT_QPA_PLATFORM=offscreen
export PYTHONDONTWRITEBYTECODE=1
echo "== ruff"
.venv/bin/ruff check .
echo "== mypy"
.venv/bin/mypy
echo "== pytest"
if [ "${1:-}" = "--slow" ]; then
  .venv/bin/python -m pytest -q -m "slow or not slow"
else
  .venv/bin/python -m pytest -q
fi

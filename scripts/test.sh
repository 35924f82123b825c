#!/usr/bin/env bash
# Set up everything (system packages, venv, package) and run the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec .venv/bin/python -m pytest -p no:cacheprovider -n "${DOCGEN_TEST_JOBS:-2}" --dist loadfile "$@"

#!/usr/bin/env bash
# Set up everything and render the sample deal pack (all four documents, PDF and DOCX) into output/.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec .venv/bin/docgen render deals/heating-sweep-guaranteed.yaml -o output "$@"

#!/usr/bin/env bash
# One idempotent set-up step shared by the README's two commands and CI:
# system packages (CJK fonts, harfbuzz subsetter, poppler, LibreOffice, pandoc, Liberation fonts: the metrics of Times New Roman for LibreOffice), a venv, the package.
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
for p in fonts-noto-cjk libharfbuzz-subset0 poppler-utils libreoffice-writer-nogui pandoc fonts-liberation libpango-1.0-0 libpangoft2-1.0-0 fontconfig; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || need+=("$p")
done
if [ ${#need[@]} -gt 0 ]; then
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  echo "setup: installing system packages: ${need[*]}" >&2
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

PY=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
stamp=.venv/.docgen-installed
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
  # (this machine's pip configuration names local mirrors that may be absent: hide those warnings only)
  .venv/bin/python -m pip install -q --upgrade pip 2>&1 | { grep -v "^WARNING: Location" || true; }
  # (setuptools warns about editable installs on every build: PYTHONWARNINGS keeps that out of a new user's way)
  PYTHONWARNINGS=ignore .venv/bin/python -m pip install -q -e '.[test]' 2>&1 | { grep -v "^WARNING: Location" || true; }
  touch "$stamp"
fi

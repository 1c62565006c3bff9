#!/usr/bin/env bash
# Build the one-folder program with PyInstaller: packaging/dist/ThiDuaDesktop/
# (Linux; on Windows use packaging/build.ps1, which also makes the installer).
#   PYTHON=/path/to/python packaging/build.sh     # default: .venv/bin/python
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-.venv/bin/python}

# PyInstaller is a build-time tool only (the `packaging` extra), pinned with the
# same versions as requirements.lock.
if ! "$PYTHON" -c "import PyInstaller" >/dev/null 2>&1; then
  "$PYTHON" -m pip install -q -r packaging/requirements-build.lock
fi
"$PYTHON" packaging/make_icon.py --check
rm -rf packaging/dist/ThiDuaDesktop
"$PYTHON" -m PyInstaller --noconfirm --clean --log-level WARN \
  --distpath packaging/dist --workpath packaging/build packaging/thidua.spec
echo "Bundle: packaging/dist/ThiDuaDesktop ($(du -sh packaging/dist/ThiDuaDesktop | cut -f1))"

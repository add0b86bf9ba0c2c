#!/usr/bin/env bash
# Installs ThemeGraph into a virtual environment exactly as locked, then checks what it installed.
#
#   bash scripts/install.sh [VENV] [LOCK]     (defaults: .venv and requirements.lock)
#
# Every package comes from LOCK with its hash (pip refuses anything else); ThemeGraph itself is
# installed editable on top, without dependencies and without build isolation, so that even the
# build backend is the locked one.
set -euo pipefail
cd "$(dirname "$0")/.."
VENV=${1:-.venv}
LOCK=${2:-requirements.lock}
PYTHON=${PYTHON:-python3}

[[ -d $VENV ]] || "$PYTHON" -m venv "$VENV"
pip=("$VENV/bin/python" -m pip --disable-pip-version-check --quiet)
"${pip[@]}" install --require-hashes --no-deps -r "$LOCK"
"${pip[@]}" install --no-deps --no-build-isolation -e .
"${pip[@]}" check >/dev/null || { "${pip[@]}" check; exit 1; }
echo "install: $("$VENV/bin/python" --version) in $VENV, $(grep -c '^[A-Za-z0-9]' "$LOCK") packages from $LOCK"

#!/usr/bin/env bash
# requirements.lock: every package ThemeGraph installs (all extras), pinned with its hashes,
# compiled by uv from the ranges in pyproject.toml for Python 3.11 (universal markers).
#
#   scripts/lock.sh               refresh after editing pyproject.toml (other pins stay as they are)
#   scripts/lock.sh --upgrade     move every pin to the newest version pyproject.toml allows
#   scripts/lock.sh --check       exit 1 when the lock no longer matches pyproject.toml
#   scripts/lock.sh --latest OUT  write the newest allowed set to OUT, leaving the lock alone
#
# uv comes from the environment (it is in the dev extra, so in the lock), or $UV.
set -euo pipefail
cd "$(dirname "$0")/.."
LOCK=requirements.lock

UV=${UV:-}
if [[ -z $UV ]]; then
    for candidate in "$(dirname "$(command -v python3 2>/dev/null || echo /)")/uv" .venv/bin/uv "$(command -v uv || true)"; do
        [[ -n $candidate && -x $candidate ]] && { UV=$candidate; break; }
    done
fi
[[ -n $UV ]] || { echo "lock: uv not found; install the lock first (bash scripts/install.sh) or set UV" >&2; exit 2; }

compile() {  # compile OUT [uv options]: OUT's own pins are kept where the ranges still allow them
    local out=$1; shift
    "$UV" pip compile pyproject.toml --all-extras --universal --python-version 3.11 --generate-hashes \
        --custom-compile-command "bash scripts/lock.sh" --quiet --output-file "$out" "$@"
}

case ${1:-} in
    "") compile "$LOCK" ;;
    --upgrade) compile "$LOCK" --upgrade ;;
    --check)
        tmp=$(mktemp -d)
        trap 'rm -rf "$tmp"' EXIT
        cp "$LOCK" "$tmp/$LOCK"
        compile "$tmp/$LOCK"
        if ! diff -u "$LOCK" "$tmp/$LOCK" >"$tmp/diff"; then
            head -n 40 "$tmp/diff" >&2
            echo "lock: $LOCK does not match pyproject.toml; run 'bash scripts/lock.sh' and commit both" >&2
            exit 1
        fi
        echo "lock: $LOCK matches pyproject.toml ($(grep -c '^[A-Za-z0-9]' "$LOCK") pins)"
        ;;
    --latest)
        [[ -n ${2:-} ]] || { echo "lock: --latest needs an output file" >&2; exit 2; }
        compile "$2" --upgrade
        ;;
    *) echo "usage: scripts/lock.sh [--upgrade | --check | --latest OUT]" >&2; exit 2 ;;
esac

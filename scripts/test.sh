#!/usr/bin/env bash
# Set up and run the whole test suite: lint, format check, unit, property,
# doctest and end-to-end tests (LibreOffice headless, oletools).
# On Debian/Ubuntu as root it installs LibreOffice itself when it is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON="${PYTHON:-python3}"

if ! command -v soffice >/dev/null 2>&1 || ! /usr/bin/python3 -c "import uno" >/dev/null 2>&1; then
    if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
        echo "installing LibreOffice (headless) for the end-to-end tests..."
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -qq
        apt-get install -y -qq --no-install-recommends \
            libreoffice-calc-nogui python3-uno poppler-utils fonts-noto-cjk >/dev/null
    else
        echo "LibreOffice not found: end-to-end tests will be skipped (set XLSP_REQUIRE_LIBREOFFICE=1 to fail instead)."
    fi
fi

"$PYTHON" -m pip install --quiet --disable-pip-version-check -e ".[test]"
"$PYTHON" -m ruff check .
"$PYTHON" -m ruff format --check .
"$PYTHON" -m pytest "$@"

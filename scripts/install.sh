#!/usr/bin/env bash
# Install what DX Planner needs on Debian 12 / Ubuntu 22.04+ (x86_64), then build the catalogs.
#   bash scripts/install.sh          the program
#   bash scripts/install.sh --test   the program and what the test suite needs
# Qt's system libraries, Python's venv and poppler (for the PDF tests) come from apt when
# missing (as root, or through sudo); the Python packages go into .venv from PyPI.
set -euo pipefail
cd "$(dirname "$0")/.."

WITH_TEST=0
[ "${1:-}" = "--test" ] && WITH_TEST=1
SUDO=""
if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi

PKGS=(
  python3 python3-venv python3-pip ca-certificates
  # what PySide6 loads even offscreen (see docs/install.md)
  libglib2.0-0 libegl1 libgl1 libx11-6 libxkbcommon0 libfontconfig1 libfreetype6 libdbus-1-3 fontconfig-config
  # the xcb platform plugin, for a real window on an X11 desktop
  libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-render-util0 libxcb-shape0
  libxcb-util1 libxcb-xkb1 libxkbcommon-x11-0
)
# the tests also read PDFs back (poppler) and build the PyInstaller bundle (objdump from binutils)
if [ "$WITH_TEST" = 1 ]; then PKGS+=(poppler-utils poppler-data binutils); fi

if command -v dpkg-query >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1; then
  missing=()
  for p in "${PKGS[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
      missing+=("$p")
    fi
  done
  # a Python from elsewhere (pyenv, python.org) needs no Debian python3-venv
  if [ "${#missing[@]}" -gt 0 ] && command -v python3 >/dev/null && python3 -c "import venv, ensurepip" 2>/dev/null; then
    filtered=()
    for p in "${missing[@]}"; do
      case "$p" in python3|python3-venv|python3-pip) ;; *) filtered+=("$p") ;; esac
    done
    missing=("${filtered[@]+"${filtered[@]}"}")
  fi
  if [ "${#missing[@]}" -gt 0 ]; then
    echo "install.sh: installing system packages: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    $SUDO apt-get update -q
    $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
  fi
  # Debian's own Python keeps libpython in a separate package; PyInstaller needs it for the bundle test
  if [ "$WITH_TEST" = 1 ] && [ "$(command -v python3)" = /usr/bin/python3 ]; then
    pyver=$(python3 -c 'import sys; print(f"{sys.version_info[0]}.{sys.version_info[1]}")')
    if ! dpkg-query -W -f='${Status}' "libpython$pyver" 2>/dev/null | grep -q "install ok installed"; then
      $SUDO apt-get update -q && $SUDO apt-get install -y -q --no-install-recommends "libpython$pyver" || true
    fi
  fi
else
  echo "install.sh: not a Debian/Ubuntu system: install Qt's libraries yourself (see docs/install.md)"
fi

if [ ! -x .venv/bin/python ]; then
  python3 -m venv .venv
fi
.venv/bin/python -m pip install -q --disable-pip-version-check --upgrade pip
if [ "$WITH_TEST" = 1 ]; then
  .venv/bin/python -m pip install -q --disable-pip-version-check -e ".[test]"
else
  .venv/bin/python -m pip install -q --disable-pip-version-check -e .
fi
.venv/bin/python scripts/i18n.py compile
echo "install.sh: ready (.venv)"

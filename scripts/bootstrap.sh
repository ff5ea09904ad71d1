#!/usr/bin/env bash
# Sets up everything sanxiang needs on a fresh Debian machine, and reuses what is already there.
#   scripts/bootstrap.sh run   -> runtime: Debian packages for PDFs and media, .venv with the app
#   scripts/bootstrap.sh test  -> also the test tools: chromium, poppler-utils, dev Python packages
set -euo pipefail
cd "$(dirname "$0")/.."

mode=${1:-run}
runtime_debs=(fonts-noto-cjk libharfbuzz-subset0 ffmpeg gettext)
test_debs=(chromium poppler-utils)
debs=("${runtime_debs[@]}")
[ "$mode" = test ] && debs+=("${test_debs[@]}")

missing=()
for pkg in "${debs[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "==> installing Debian packages: ${missing[*]}"
  if [ "$(id -u)" -ne 0 ]; then
    echo "error: need root to apt-get install ${missing[*]} (or install them first)" >&2
    exit 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

python=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  echo "==> creating .venv"
  "$python" -m venv .venv
  .venv/bin/pip install -q --upgrade pip 2>&1 | grep -v '^WARNING: Location' || true
fi

req=requirements/base.txt
[ "$mode" = test ] && req=requirements/dev.txt
stamp=.venv/.installed-$(cat requirements/*.txt pyproject.toml | sha256sum | cut -c1-16)-$mode
if [ ! -f "$stamp" ] && ! { [ "$mode" = run ] && ls .venv/.installed-*-test >/dev/null 2>&1 && \
     [ -f ".venv/.installed-$(cat requirements/*.txt pyproject.toml | sha256sum | cut -c1-16)-test" ]; }; then
  echo "==> installing Python packages ($req)"
  .venv/bin/pip install -q -r "$req" -e . 2>&1 | grep -v -e '^WARNING: Location' -e BuildBackendWarning || true
  .venv/bin/pip check >/dev/null
  touch "$stamp"
fi

# Chinese UI strings: compile the gettext catalogues shipped in the source tree.
.venv/bin/sanxiang compilemessages -l zh_Hans -v 0 --ignore=.venv

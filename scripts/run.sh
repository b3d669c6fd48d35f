#!/usr/bin/env bash
# Install everything and start the app on the embedded SQLite default with demo data.
set -euo pipefail
cd "$(dirname "$0")/.."

# Chart PNGs and the PPT deck are drawn by Debian's Chromium, with CJK fonts so Chinese is not boxes.
need=()
for pkg in chromium fonts-noto-cjk; do
  dpkg -s "$pkg" >/dev/null 2>&1 || need+=("$pkg")
done
if [ ${#need[@]} -gt 0 ]; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi
if [ ! -x .venv/bin/python ]; then
  python3 -m venv .venv 2>/dev/null || {
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv >/dev/null
    rm -rf .venv && python3 -m venv .venv
  }
fi
.venv/bin/pip install -q --disable-pip-version-check -r requirements.txt
exec .venv/bin/python app.py "$@"

#!/usr/bin/env bash
# Install everything and start the app on the embedded SQLite default with demo data.
set -euo pipefail
cd "$(dirname "$0")/.."

. scripts/setup.sh
ensure_debs chromium fonts-noto-cjk  # Chart PNGs and the PPT deck: Chromium, with CJK fonts (not boxes)
ensure_venv requirements.txt
exec .venv/bin/python app.py "$@"

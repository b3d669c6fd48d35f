# Shared by run.sh and test.sh (sourced, not run): Debian packages when missing, and the .venv.

ensure_debs() {  # ensure_debs PKG...: install the Debian packages that are not installed yet
  local need=() pkg
  for pkg in "$@"; do
    dpkg -s "$pkg" >/dev/null 2>&1 || need+=("$pkg")
  done
  if [ ${#need[@]} -gt 0 ]; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
  fi
}

ensure_venv() {  # ensure_venv REQUIREMENTS_FILE: .venv with those packages
  if [ ! -x .venv/bin/python ]; then
    python3 -m venv .venv 2>/dev/null || { ensure_debs python3-venv; rm -rf .venv; python3 -m venv .venv; }
  fi
  .venv/bin/pip install -q --disable-pip-version-check -r "$1"
}

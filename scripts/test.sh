#!/usr/bin/env bash
# Install what the tests need (Debian packages when missing, Python packages), start PostgreSQL and
# Redis on loopback, and run the whole suite. Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."

. scripts/setup.sh
ensure_debs chromium chromium-driver fonts-noto-cjk postgresql redis-server libreoffice-impress libreoffice-writer
ensure_venv requirements-test.txt
.venv/bin/ruff check --quiet .  # the linter first (ruff.toml: the rules the code's noqa markers name)

# Throwaway PostgreSQL and Redis servers on loopback, stopped when the tests end.
run_dir=$(mktemp -d /tmp/dashboard-test.XXXXXX)
chmod 755 "$run_dir"
pg_bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
pg_port=${TEST_PG_PORT:-55432}
redis_port=${TEST_REDIS_PORT:-56379}
mkdir -p "$run_dir/pg" && chown postgres "$run_dir" "$run_dir/pg"
su postgres -s /bin/sh -c "$pg_bin/initdb -D $run_dir/pg -A trust -U postgres -E UTF8 --locale=C.UTF-8" >/dev/null
su postgres -s /bin/sh -c "$pg_bin/pg_ctl -D $run_dir/pg -l $run_dir/pg.log -w -o '-h 127.0.0.1 -p $pg_port -k $run_dir/pg -c fsync=off' start" >/dev/null
redis-server --port "$redis_port" --bind 127.0.0.1 --save '' --appendonly no --daemonize yes \
  --pidfile "$run_dir/redis.pid" --logfile "$run_dir/redis.log"
cleanup() {
  su postgres -s /bin/sh -c "$pg_bin/pg_ctl -D $run_dir/pg -m immediate stop" >/dev/null 2>&1 || true
  [ -f "$run_dir/redis.pid" ] && kill "$(cat "$run_dir/redis.pid")" 2>/dev/null || true
  rm -rf "$run_dir"
}
trap cleanup EXIT

export TEST_DATABASE_URL="postgresql://postgres@127.0.0.1:$pg_port/postgres"
export TEST_REDIS_URL="redis://127.0.0.1:$redis_port/0"
export TEST_PG_BIN="$pg_bin" TEST_PG_DATA="$run_dir/pg"
if [ $# -eq 0 ]; then
  # The whole suite: two pytest-xdist workers (a test module stays on one worker, so its module-scoped servers
  # start once), then the tests marked serial, which stop and restart the shared PostgreSQL, alone.
  # TEST_WORKERS=0 runs everything in one process.
  workers=${TEST_WORKERS:-2}
  if [ "$workers" = 0 ]; then
    .venv/bin/python -m pytest -q
  else
    status=0
    .venv/bin/python -m pytest -q -n "$workers" --dist loadfile -m "not serial" || status=$?
    .venv/bin/python -m pytest -q -m serial || status=$?
    exit "$status"
  fi
else
  .venv/bin/python -m pytest -q "$@"
fi

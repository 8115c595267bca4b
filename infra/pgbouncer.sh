#!/usr/bin/env bash
# Debian's PgBouncer for the connection-pooling test (tests/replica/
# test_pgbouncer.py starts its own on a free port); installed only when
# missing. The package's own service is not needed and is left stopped.
set -euo pipefail
if ! command -v pgbouncer >/dev/null 2>&1 && [ ! -x /usr/sbin/pgbouncer ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y --no-install-recommends pgbouncer ||
    { apt-get update && apt-get install -y --no-install-recommends pgbouncer; }
  if command -v service >/dev/null 2>&1; then
    service pgbouncer stop >/dev/null 2>&1 || true
  fi
fi

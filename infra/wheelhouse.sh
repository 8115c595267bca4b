#!/usr/bin/env bash
# `make wheelhouse`: everything an intranet install needs, in one folder.
#   wheelhouse/wheels/         every wheel of requirements.txt (and pip's own)
#   wheelhouse/frontend-dist/  the built workbench (no Node on the server)
#   wheelhouse/SHA256SUMS      checksums to verify after carrying it in
# `infra/wheelhouse.sh install` (make install-offline) installs from it with
# no package index.
set -euo pipefail
cd "$(dirname "$0")/.."
HOUSE=${WHEELHOUSE:-wheelhouse}
PYTHON=${PYTHON:-python3.11}

if [ "${1:-}" = "install" ]; then
  (cd "$HOUSE" && sha256sum --quiet -c SHA256SUMS)
  test -x .venv/bin/python || "$PYTHON" -m venv .venv
  .venv/bin/pip install --no-index --find-links "$HOUSE/wheels" --upgrade pip
  .venv/bin/pip install --no-index --find-links "$HOUSE/wheels" -r requirements.txt
  rm -rf frontend/dist
  cp -r "$HOUSE/frontend-dist" frontend/dist
  echo "已从 $HOUSE 离线安装；下一步：manage.py migrate_units、collectstatic，再启动 systemd 服务。"
  exit 0
fi

bash infra/frontend.sh
rm -rf "$HOUSE"
mkdir -p "$HOUSE/wheels"
# Wheels for this machine's Python and platform (the intranet server must
# match: Linux x86_64, Python 3.11). `pip wheel` also builds the few packages
# published as source only (promise), so the server needs no compiler.
.venv/bin/pip wheel --quiet --wheel-dir "$HOUSE/wheels" -r requirements.txt pip
cp -r frontend/dist "$HOUSE/frontend-dist"
.venv/bin/python -m whitenoise.compress -q "$HOUSE/frontend-dist"
cp requirements.txt "$HOUSE/"
(cd "$HOUSE" && find . -type f ! -name SHA256SUMS | sort | xargs sha256sum >SHA256SUMS)
echo "$HOUSE: $(ls "$HOUSE/wheels" | wc -l) wheels, the workbench, SHA256SUMS"

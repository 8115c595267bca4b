#!/usr/bin/env bash
# Brings the demo up: database (embedded unless DATABASE_URL is set), migrations,
# demo data, then the production web server (gunicorn), a Celery worker and
# Celery beat together. ZUGONG_DEMO=true turns on the demo conveniences only
# (embedded services, demo seed, GraphiQL, the key in the source); DEBUG stays
# off, so the demo serves as production does.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
export PYTHONPATH="platform${PYTHONPATH:+:$PYTHONPATH}"
export ZUGONG_DEMO=true
export WEB_CONCURRENCY="${WEB_CONCURRENCY:-2}"

$PY manage.py migrate_units
$PY manage.py seed_demo
$PY manage.py collectstatic --noinput --verbosity 0
# Gzip copies of the workbench build, which WhiteNoise sends to browsers that take them.
$PY -m whitenoise.compress -q frontend/dist
mkdir -p var/log

pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap cleanup EXIT INT TERM

.venv/bin/celery -A config worker --loglevel=INFO --concurrency=2 >var/log/worker.log 2>&1 &
pids+=($!)
.venv/bin/celery -A config beat --loglevel=INFO --schedule=var/celerybeat-schedule >var/log/beat.log 2>&1 &
pids+=($!)

echo "组工信访 demo: http://127.0.0.1:8000  (GraphQL: http://127.0.0.1:8000/graphql/)"
echo "Celery worker and beat log to var/log/. Ctrl-C stops everything."
# In the background, so a TERM to this script reaches the trap and stops all three.
.venv/bin/gunicorn -c infra/gunicorn.conf.py --bind "${WEB_BIND:-127.0.0.1:8000}" &
pids+=($!)
wait -n

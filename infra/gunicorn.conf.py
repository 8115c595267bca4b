"""gunicorn settings for 组工信访 (web): `gunicorn -c infra/gunicorn.conf.py`.

Read from the environment (listed in infra/zugong.env.example):
WEB_BIND (default 127.0.0.1:8000), WEB_CONCURRENCY (worker processes, default
2 × cores + 1, at most 8), WEB_THREADS (threads per worker, default 1),
WEB_TIMEOUT (seconds before a stuck worker is restarted, default 60).
"""

import multiprocessing
import os
from pathlib import Path

# The project folder: the apps import from it, config and core from platform/.
chdir = str(Path(__file__).resolve().parents[1])
wsgi_app = "config.wsgi:application"
bind = os.environ.get("WEB_BIND", "127.0.0.1:8000")
workers = int(
    os.environ.get("WEB_CONCURRENCY") or min(multiprocessing.cpu_count() * 2 + 1, 8)
)
threads = int(os.environ.get("WEB_THREADS", "1"))
timeout = int(os.environ.get("WEB_TIMEOUT", "60"))
graceful_timeout = 30
# Workers are recycled now and then so a slow leak never grows for weeks.
max_requests = 2000
max_requests_jitter = 200
# Each request is logged once, as JSON, by the application (core.logging);
# gunicorn's own messages go to stderr, to the journal.
accesslog = None
errorlog = "-"
loglevel = os.environ.get("WEB_LOG_LEVEL", "info")
# The proxy in front (infra/nginx) sets X-Forwarded-*; gunicorn trusts it only
# from the addresses in TRUSTED_PROXIES.
forwarded_allow_ips = os.environ.get("TRUSTED_PROXIES", "127.0.0.1")
# Request bodies spool to memory-backed storage where there is one.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None
# gunicorn's control socket (gunicornc) lives in one place per user, so two
# servers on one machine (tests, a bench) would fight over it; systemd and
# signals manage the server instead.
control_socket_disable = True

"""gunicorn's settings for the app server (Dockerfile, docs/deploy.md). Each can be changed
from the environment without rebuilding the image."""

import os

bind = os.environ.get("ARGMAP_BIND", "0.0.0.0:8000")
# Sync workers behind a buffering proxy (Caddy): two to four per core.
workers = int(os.environ.get("ARGMAP_WORKERS", "3"))
# A request still running after this many seconds is killed and its worker restarted; the
# largest import is parsed in a few seconds.
timeout = int(os.environ.get("ARGMAP_WORKER_TIMEOUT", "30"))
graceful_timeout = 30
keepalive = 5
# Workers are recycled now and then, so that no slow leak grows for ever.
max_requests = 2000
max_requests_jitter = 200
# One line per request to standard output; errors to standard error.
accesslog = "-"
errorlog = "-"
# gunicorn itself reads no forwarded headers: argmap decides whom to believe
# (ARGMAP_TRUSTED_PROXIES, argmap/lib/addresses.py).
forwarded_allow_ips = ""

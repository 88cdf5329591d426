"""gunicorn's settings for the app server (Dockerfile, docs/deploy.md). Each can be changed
from the environment without rebuilding the image."""

import os

bind = os.environ.get("ARGMAP_BIND", "0.0.0.0:8000")
# Threaded workers behind a buffering proxy (Caddy): two processes of four threads answered the
# map page and the debate view on one core with two to three times the throughput of three sync
# workers (bench/load.py, docs/deploy.md#throughput). Threads overlap one request's queries with
# another's Python, and keep the proxy's connections open instead of one per request.
worker_class = "gthread"
workers = int(os.environ.get("ARGMAP_WORKERS", "2"))
threads = int(os.environ.get("ARGMAP_THREADS", "4"))
# A worker that stops answering for this many seconds is killed and restarted. With threads a
# single slow request does not stop its worker, so this no longer limits one request: the
# proxy gives up on it after 60 s (deploy/Caddyfile).
timeout = int(os.environ.get("ARGMAP_WORKER_TIMEOUT", "30"))
graceful_timeout = 30
keepalive = 5
# Workers are recycled now and then, so that no slow leak grows for ever; not often, since a
# new worker starts with empty page caches (argmap/lib/revalidation.py): at 2,000 requests,
# under the load bench's 8 clients each worker was replaced every 10 to 20 s, and the pages
# built again after it put the map page's p95 over 100 ms (docs/deploy.md#throughput).
max_requests = 20000
max_requests_jitter = 2000
# One line per request to standard output; errors to standard error.
accesslog = "-"
errorlog = "-"
# gunicorn itself reads no forwarded headers: argmap decides whom to believe
# (ARGMAP_TRUSTED_PROXIES, argmap/lib/addresses.py).
forwarded_allow_ips = ""

"""gunicorn settings: `gunicorn -c config/gunicorn.conf.py config.wsgi`."""

import multiprocessing
import os

# Only the reverse proxy may reach gunicorn: by default it listens on the
# loopback address, for a proxy on the same machine. Set GUNICORN_BIND (for
# example to a private address) only where nothing but the proxy can reach it.
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
timeout = 30
graceful_timeout = 30
# Recycle workers now and then (a leak cannot grow for ever); jitter avoids
# all at once. Not too often: a new worker starts with an empty page cache,
# and at a few thousand requests a second 5,000 would mean every few seconds.
max_requests = 100_000
max_requests_jitter = 10_000
# Workers' heartbeat files on tmpfs: on a disk-backed /tmp a slow fsync
# elsewhere on the machine can stall a worker (the gunicorn docs advise this).
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None  # noqa: S108 (only heartbeat files)
limit_request_line = 4094
limit_request_fields = 100
# X-Forwarded-Proto and the other forwarded headers are believed only when
# the site is behind a proxy (DJANGO_BEHIND_PROXY, the setting Django reads,
# with the words config/settings.py accepts), and then only from the proxy's
# addresses. Otherwise anyone could make a plain-HTTP request look secure.
_behind_proxy = os.environ.get("DJANGO_BEHIND_PROXY", "").strip().lower() in {"1", "true", "yes", "on"}
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1") if _behind_proxy else ""

accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-") or None
# %(U)s is the path WITHOUT the query string: searches and anything a reader
# typed never reach the logs. No client address either.
access_log_format = '"%(m)s %(U)s %(H)s" %(s)s %(B)s %(M)sms'
# Control characters in the path (a %0a, say) are escaped: a client cannot
# write a line of its own into the log (config/logging.py).
logger_class = "config.logging.GunicornLogger"
errorlog = "-"

"""Gunicorn settings for `make run`, the load tests and production behind the reverse proxy.

No access log: the server must not record client addresses or user agents; errors go to stderr with any address
in them removed (gunicorn_logging.PrivacyLogger). The rate-limit day key is made here, in the master, and handed
to each worker in memory (safevoice/protection/day_keys.py).
"""

import multiprocessing
import os
from datetime import UTC, datetime

from safevoice.protection import day_keys

bind = os.environ.get("SAFEVOICE_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
threads = int(os.environ.get("SAFEVOICE_THREADS", "1"))
worker_class = "gthread" if threads > 1 else "sync"
accesslog = None
errorlog = "-"
loglevel = "warning"
logger_class = "safevoice.config.gunicorn_logging.PrivacyLogger"
forwarded_allow_ips = os.environ.get("SAFEVOICE_FORWARDED_ALLOW_IPS", "127.0.0.1")
timeout = 30
graceful_timeout = 10
max_requests = 10000
max_requests_jitter = 500


def on_starting(server: object) -> None:
    day_keys.start(datetime.now(UTC))


def pre_fork(server: object, worker: object) -> None:
    day_keys.before_fork(datetime.now(UTC))

"""Gunicorn settings for `make run` and the load tests.

No access log: the server must not record client addresses or user agents. Errors go to stderr without them.
"""

import multiprocessing
import os

bind = os.environ.get("SAFEVOICE_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
threads = int(os.environ.get("SAFEVOICE_THREADS", "1"))
worker_class = "gthread" if threads > 1 else "sync"
accesslog = None
errorlog = "-"
loglevel = "warning"
forwarded_allow_ips = os.environ.get("SAFEVOICE_FORWARDED_ALLOW_IPS", "127.0.0.1")
timeout = 30
graceful_timeout = 10
max_requests = 10000
max_requests_jitter = 500

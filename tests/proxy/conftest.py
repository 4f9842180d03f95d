"""nginx from Debian, configured with the shipped deploy/nginx/safevoice-proxy.conf, in front of gunicorn."""

from __future__ import annotations

import shutil
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.durability.conftest import database  # noqa: F401 - shared fixture

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy" / "nginx"
NGINX = Path("/usr/sbin/nginx")


@dataclass(frozen=True)
class Proxy:
    url: str
    prefix: Path


def nginx_config(*, port: int, upstreams: list[str], prefix: Path) -> str:
    servers = "\n".join(f"        server {address};" for address in upstreams)
    return f"""
daemon off;
worker_processes 1;
pid {prefix}/nginx.pid;
error_log {prefix}/error.log crit;
events {{ worker_connections 256; }}
http {{
    client_body_temp_path {prefix}/body;
    proxy_temp_path {prefix}/proxy;
    fastcgi_temp_path {prefix}/fastcgi;
    uwsgi_temp_path {prefix}/uwsgi;
    scgi_temp_path {prefix}/scgi;
    upstream safevoice {{
{servers}
    }}
    server {{
        listen 127.0.0.1:{port};
        server_name 127.0.0.1;
        # Which node answered, so a test can see that requests alternate (tests only; not in the shipped files).
        add_header X-SafeVoice-Node $upstream_addr always;
        include safevoice-proxy.conf;
    }}
}}
"""


@contextmanager
def running_proxy(*, port: int, upstreams: list[str], tmp_path: Path) -> Iterator[Proxy]:
    if not NGINX.exists():
        pytest.fail("Debian's nginx is missing: `apt-get install -y nginx-light` (make test does this)")
    prefix = tmp_path / "nginx"
    prefix.mkdir()
    for name in ("safevoice-proxy.conf", "safevoice-proxy-headers.conf"):
        # The shipped files, as they are; only the error log goes where this test can read it.
        text = (DEPLOY / name).read_text(encoding="utf-8")
        text = text.replace("/var/log/nginx/safevoice-error.log", str(prefix / "safevoice-error.log"))
        (prefix / name).write_text(text, encoding="utf-8")
    (prefix / "nginx.conf").write_text(nginx_config(port=port, upstreams=upstreams, prefix=prefix))
    log = (prefix / "stderr.log").open("wb")
    process = subprocess.Popen(
        [str(NGINX), "-p", str(prefix), "-c", str(prefix / "nginx.conf")],
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 15
        while True:
            try:
                with urllib.request.urlopen(f"{url}/healthz", timeout=2):
                    break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError((prefix / "stderr.log").read_text()) from None
                time.sleep(0.2)
        yield Proxy(url=url, prefix=prefix)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()
        shutil.rmtree(prefix / "proxy", ignore_errors=True)

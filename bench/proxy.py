"""Run the repository's nginx configuration (config/nginx/leg-cramp-guide.conf)
on a high port, in front of a local gunicorn, for the benchmark and the
proxy test. Only the three lines that name places change: where nginx
listens, where the app is, and where the cache lives."""

import os
import re
import shutil
import subprocess
import time
from pathlib import Path

from bench.loadgen import fetch

ROOT = Path(__file__).resolve().parents[1]
SITE_CONF = ROOT / "config" / "nginx" / "leg-cramp-guide.conf"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"

MAIN = """\
{user}worker_processes {workers};
pid {dir}/nginx.pid;
error_log {dir}/error.log warn;
events {{ worker_connections 4096; }}
http {{
    access_log off;
    sendfile on;
    tcp_nopush on;
    keepalive_requests 1000000;
    client_body_temp_path {dir}/client_body;
    proxy_temp_path {dir}/proxy;
    fastcgi_temp_path {dir}/fastcgi;
    uwsgi_temp_path {dir}/uwsgi;
    scgi_temp_path {dir}/scgi;
{site}
}}
"""


def available():
    return os.path.exists(NGINX)


def site_config(listen_port, app_port, cache_dir):
    text = SITE_CONF.read_text()
    for pattern, replacement in [
        (r"listen 80;", f"listen 127.0.0.1:{listen_port};"),
        (r"server 127\.0\.0\.1:8000;", f"server 127.0.0.1:{app_port};"),
        (r"proxy_cache_path /var/cache/nginx/leg-cramp-guide ", f"proxy_cache_path {cache_dir} "),
    ]:
        text, count = re.subn(pattern, replacement, text)
        if count != 1:
            raise RuntimeError(f"{SITE_CONF} no longer has exactly one {pattern!r}")
    return text


def start(listen_port, app_port, workdir, workers=1):
    """nginx as a child process; returns it once it answers through to the app."""
    workdir = Path(workdir)
    workdir.mkdir(parents=True, exist_ok=True)
    site = site_config(listen_port, app_port, workdir / "cache")
    user = "user root;\n" if os.geteuid() == 0 else ""  # workers may then write the cache in workdir
    conf = workdir / "nginx.conf"
    conf.write_text(MAIN.format(user=user, workers=workers, dir=workdir, site=site))
    proc = subprocess.Popen([NGINX, "-c", str(conf), "-p", str(workdir), "-g", "daemon off;"],
                            stdout=subprocess.DEVNULL, stderr=(workdir / "stderr.log").open("wb"))  # fmt: skip
    deadline = time.time() + 15
    while time.time() < deadline:
        if proc.poll() is not None:
            break
        try:
            if fetch(f"http://127.0.0.1:{listen_port}/health/")[0] == 200:
                return proc
        except OSError:
            time.sleep(0.1)
    proc.kill()
    logs = [workdir / "stderr.log", workdir / "error.log"]
    raise RuntimeError("nginx did not start: " + "".join(p.read_text() for p in logs if p.exists())[-2000:])


def stop(proc):
    proc.terminate()
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        proc.kill()

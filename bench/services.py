"""Throwaway PostgreSQL and Redis servers for `make bench`, on loopback, in a
temporary directory, stopped afterwards. Debian's packages: postgresql and
redis-server. Either may be missing; the benchmark then says so and skips
its rows."""

import glob
import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path


class Service:
    def __init__(self, name, url, stop):
        self.name, self.url, self._stop = name, url, stop

    def stop(self):
        self._stop()


def _as_postgres(args):
    # initdb refuses to run as root; the cluster belongs to the postgres user.
    return ["runuser", "-u", "postgres", "--", *args] if os.geteuid() == 0 else args


def postgres(port):
    bins = sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=lambda p: int(Path(p).parent.name))
    if not bins:
        return None
    pgbin = Path(bins[-1])
    # Its own directory, outside the benchmark's (which only root may enter).
    data = Path(tempfile.mkdtemp(prefix="lcg-bench-pg-"))
    if os.geteuid() == 0:
        shutil.chown(data, "postgres")
    run = lambda args: subprocess.run(_as_postgres(args), check=True, capture_output=True)  # noqa: E731
    run([str(pgbin / "initdb"), "-D", str(data), "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8"])
    run([str(pgbin / "pg_ctl"), "-D", str(data), "-l", str(data / "server.log"), "-w", "-t", "30",
         "-o", f"-h 127.0.0.1 -p {port} -k {data} -c fsync=off", "start"])  # fmt: skip
    subprocess.run([str(pgbin / "createdb"), "-h", "127.0.0.1", "-p", str(port), "-U", "postgres", "bench"], check=True)

    def stop():
        subprocess.run(_as_postgres([str(pgbin / "pg_ctl"), "-D", str(data), "-m", "fast", "-w", "stop"]),
                       capture_output=True)  # fmt: skip
        shutil.rmtree(data, ignore_errors=True)

    return Service("PostgreSQL", f"postgres://postgres@127.0.0.1:{port}/bench", stop)


def redis(port, workdir):
    server = shutil.which("redis-server")
    if not server:
        return None
    proc = subprocess.Popen([server, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
                             "--dir", str(workdir)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    import redis as client

    deadline = time.time() + 10
    while time.time() < deadline:
        try:
            client.Redis(host="127.0.0.1", port=port).ping()
            break
        except client.ConnectionError:
            time.sleep(0.1)

    def stop():
        proc.terminate()
        proc.wait(10)

    return Service("Redis", f"redis://127.0.0.1:{port}/0", stop)

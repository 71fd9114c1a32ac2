#!/usr/bin/env python
"""Throughput benchmark: the site under gunicorn with production settings,
on SQLite, on PostgreSQL (with the database cache, then with Redis), and
through the repository's nginx configuration, all in one run.

    make bench                                      # everything, 5 s a row
    .venv/bin/python bench/run.py --duration 3      # quicker
    .venv/bin/python bench/run.py --only sqlite,proxy
    .venv/bin/python bench/run.py --database-url postgres://user@host:port/db

Builds 500 articles (the bundled ones plus generated variants), starts
gunicorn (2 sync workers) on 127.0.0.1 with production settings, and
measures requests per second and p50/p99 latency at 16 and 64 connections:
the home, article, topic and search pages with wrk, and complete checker
runs (start, every step, confirm, result) with a Python client. A "floor" (a
minimal Django view returning a fixed page the size of the article page,
through the same middleware, in the same gunicorn) is measured before and
after each page; each figure is printed as a ratio to the mean of the two.
PostgreSQL and Redis are throwaway servers started here (bench/services.py)
unless --database-url names a PostgreSQL database. The article through nginx
(bench/proxy.py) is compared with the floor of the gunicorn behind it.
The table goes to bench/results/. See bench/README.md.
"""

import argparse
import os
import re
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.error
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench import proxy, services  # noqa: E402
from bench.loadgen import checker_runs, fetch  # noqa: E402

PY = sys.executable
ARTICLE = "/articles/leg-cramp-or-blood-clot/"
TOPIC = "/topics/when-to-see-a-doctor/"
SEARCH = "/search/?q=blood+clot"
CHECKER = "/check/"
PAGES = {"home": "/", "article": ARTICLE, "topic": TOPIC, "search": SEARCH}
CACHED_PAGES = ("home", "article", "topic")  # the p99 target applies to these
TARGETS = {"home": 0.8, "article": 0.8, "topic": 0.8, "search": 0.3, "article through nginx": 10}
P99_LIMIT_MS = 50


@dataclass
class Setup:
    name: str
    database_url: str
    cache: str  # DJANGO_CACHE
    redis_url: str = ""
    with_checker: bool = False
    with_proxy: bool = False


def server_env(setup, workdir):
    """Production settings: debug off, a real secret key, the shared cache
    the setup names. Plain HTTP on loopback, so DJANGO_HTTPS=0 (no redirect
    to https, no Secure-only cookies)."""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_HTTPS": "0",
        "DATABASE_URL": setup.database_url,
        "DJANGO_CACHE": setup.cache,
        "REDIS_URL": setup.redis_url,
        "DJANGO_STATIC_ROOT": f"{workdir}/static",
        "DJANGO_LOG_LEVEL": "WARNING",
        "GUNICORN_ACCESS_LOG": "",
        "PYTHONPATH": str(ROOT),
    }


def prepare(env, articles):
    """Tables, static files (hashed, compressed) and the data set."""
    manage = [PY, "manage.py"]
    for args in (["migrate", "--noinput", "-v0"], ["createcachetable"], ["collectstatic", "--noinput", "-v0"]):
        subprocess.run(manage + args, cwd=ROOT, env=env, check=True)
    out = subprocess.run([PY, "-m", "bench.dataset", str(articles)], cwd=ROOT, env=env, capture_output=True,
                         text=True)  # fmt: skip
    if out.returncode:
        raise SystemExit("building the data set failed:\n" + out.stderr[-3000:])
    return int(out.stdout.strip().splitlines()[-1])


def start_gunicorn(env, port, workers, log_path):
    env = {**env, "GUNICORN_BIND": f"127.0.0.1:{port}", "GUNICORN_WORKERS": str(workers)}
    # Logs to a file: a pipe nobody reads would block the server when full.
    proc = subprocess.Popen(
        [PY, "-m", "gunicorn", "-c", "config/gunicorn.conf.py", "config.wsgi"], cwd=ROOT, env=env,
        stdout=subprocess.DEVNULL, stderr=open(log_path, "wb"),
    )  # fmt: skip
    deadline = time.time() + 30
    while time.time() < deadline:
        try:
            if fetch(f"http://127.0.0.1:{port}/health/")[0] == 200:
                return proc
        except OSError:
            time.sleep(0.2)
    proc.kill()
    raise SystemExit("gunicorn did not start: " + Path(log_path).read_text()[-2000:])


def stop(proc):
    proc.terminate()
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        proc.kill()


def wrk(url, connections, duration):
    out = subprocess.run(
        ["wrk", f"-t{min(2, connections)}", f"-c{connections}", f"-d{duration}s", "--latency", url],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    total = int(re.search(r"(\d+) requests in", out).group(1))
    non2xx = int(m.group(1)) if (m := re.search(r"Non-2xx or 3xx responses: (\d+)", out)) else 0
    errors = sum(int(n) for n in re.findall(r"(?:connect|read|write|timeout) (\d+)", out))
    return {"rps": rps, "p50": _ms(out, "50%"), "p99": _ms(out, "99%"), "requests": total, "errors": errors,
            "non2xx": non2xx, "http_rps": rps}  # fmt: skip


def _ms(out, label):
    value, unit = re.search(rf"{label}\s+([\d.]+)(us|ms|s)", out).groups()
    return float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit]


def checker_available(base):
    try:
        status, _ = fetch(base + CHECKER)
    except urllib.error.HTTPError as error:
        status = error.code
    return status != 404


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL", ""),
                        help="an empty PostgreSQL database (default: a throwaway server started here)")  # fmt: skip
    parser.add_argument("--duration", type=int, default=5, help="seconds per measurement (default 5)")
    parser.add_argument("--connections", default="16,64", help="wrk connection counts (default 16,64)")
    parser.add_argument("--articles", type=int, default=500)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn sync workers (default 2)")
    parser.add_argument("--port", type=int, default=8765, help="gunicorn; nginx and Redis use the next two")
    parser.add_argument("--pg-port", type=int, default=54329, help="the throwaway PostgreSQL server's port")
    parser.add_argument("--only", default="sqlite,postgresql,redis,proxy", help="which rows (default: all)")
    parser.add_argument("--note", default="", help="a line about the machine's state, written with the table")
    parser.add_argument("--out-dir", default=str(ROOT / "bench" / "results"))
    args = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is missing: apt-get install wrk")
    only = set(args.only.split(","))
    connection_counts = [int(n) for n in args.connections.split(",")]

    workdir = tempfile.mkdtemp(prefix="lcg-bench-")
    notes = [f"load average (1, 5, 15 min) at the start: {_load()}"]
    started = []
    rows = []
    page_bytes = 0
    try:
        setups = _setups(args, only, workdir, started, notes)
        prepared = {}
        for setup in setups:
            env = server_env(setup, workdir)
            if setup.database_url not in prepared:
                print(f"Building the data set on {setup.name} ...", flush=True)
                prepared[setup.database_url] = prepare(env, args.articles)
            server = start_gunicorn(env, args.port, args.workers, Path(workdir) / "gunicorn.log")
            try:
                measured, page_bytes = _measure_setup(setup, args, connection_counts, workdir, notes)
                rows += measured
            finally:
                stop(server)
        count = max(prepared.values())
    finally:
        for service in reversed(started):
            service.stop()
        shutil.rmtree(workdir, ignore_errors=True)
    notes.append(f"load average (1, 5, 15 min) at the end: {_load()}")

    verdicts = _verdicts(rows)
    table = _table(rows, count, page_bytes, args, notes, verdicts)
    out_dir = Path(args.out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    out = out_dir / f"bench-{time.strftime('%Y%m%d-%H%M')}.md"
    out.write_text(table)
    (out_dir / "latest.md").write_text(table)
    print("\n" + table)
    print(f"Written to {out}")


def _load():
    return ", ".join(f"{n:.2f}" for n in os.getloadavg())


def _setups(args, only, workdir, started, notes):
    setups = []
    if only & {"sqlite", "proxy"}:
        setups.append(Setup("SQLite", f"sqlite:///{workdir}/bench.sqlite3", "database", with_checker="sqlite" in only,
                            with_proxy="proxy" in only))  # fmt: skip
    if only & {"postgresql", "redis"}:
        database_url = args.database_url
        if not database_url:
            pg = services.postgres(args.pg_port)
            if pg:
                started.append(pg)
                database_url = pg.url
            else:
                notes.append("PostgreSQL rows skipped: no PostgreSQL server here (apt-get install postgresql)")
        if database_url and "postgresql" in only:
            setups.append(Setup("PostgreSQL", database_url, "database"))
        if database_url and "redis" in only:
            redis = services.redis(args.port + 2, workdir)
            if redis:
                started.append(redis)
                setups.append(Setup("PostgreSQL + Redis", database_url, "redis", redis_url=redis.url))
            else:
                notes.append("Redis rows skipped: no redis-server here (apt-get install redis-server)")
    return setups


def _measure_setup(setup, args, connection_counts, workdir, notes):
    """Every page against the floor of the same gunicorn, then (with_proxy) the
    article through nginx against the same floor."""
    base = f"http://127.0.0.1:{args.port}"
    status, body = fetch(base + ARTICLE)
    assert status == 200, f"{ARTICLE} answered {status}"
    for path in PAGES.values():
        assert fetch(base + path)[0] == 200, path
    floor_path = f"/bench/floor/{len(body)}/"
    with_checker = setup.with_checker and checker_available(base)
    if setup.with_checker and not with_checker:
        notes.append(f"checker run: skipped, checker not available ({CHECKER} answered 404)")
    for path in [floor_path, *PAGES.values()]:  # warm every worker's page cache and connections
        wrk(base + path, 16, 1)
    targets = [(name, base + path) for name, path in PAGES.items()]
    nginx = None
    if setup.with_proxy:
        if proxy.available():
            nginx = proxy.start(args.port + 1, args.port, Path(workdir) / "nginx", workers=args.workers)
            proxied = f"http://127.0.0.1:{args.port + 1}{ARTICLE}"
            fetch(proxied)
            wrk(proxied, 16, 1)
            targets.append(("article through nginx", proxied))
        else:
            notes.append("nginx rows skipped: nginx is not installed (apt-get install nginx-light)")
    rows = []
    try:
        for connections in connection_counts:
            # The floor before and after each page: the machine's load drifts,
            # so each page is compared with the mean of the two next to it.
            floors = [wrk(base + floor_path, connections, args.duration)]
            measured = []
            for name, url in targets:
                result = wrk(url, connections, args.duration)
                floors.append(wrk(base + floor_path, connections, args.duration))
                measured.append((name, result, (floors[-2]["rps"] + floors[-1]["rps"]) / 2))
                print(f"{setup.name}: {name} at {connections}: {result['rps']:.0f} req/s, "
                      f"floor {measured[-1][2]:.0f}", flush=True)  # fmt: skip
            if with_checker:
                result = checker_runs(base, connections, args.duration)
                floors.append(wrk(base + floor_path, connections, args.duration))
                measured.append(("checker run", result, (floors[-2]["rps"] + floors[-1]["rps"]) / 2))
            floor = {key: sum(f[key] for f in floors) / len(floors) for key in ("rps", "p50", "p99")}
            floor.update({key: sum(f[key] for f in floors) for key in ("requests", "errors", "non2xx")})
            notes.append(f"{setup.name}: floor at {connections} connections, measured {len(floors)} times between "
                         "the pages: " + ", ".join(f"{f['rps']:.0f}" for f in floors) + " req/s (the table shows "
                         "the mean)")  # fmt: skip
            rows.append((setup.name, "floor", connections, {**floor, "http_rps": floor["rps"]}, 1.0))
            for name, result, adjacent_floor in measured:
                rows.append((setup.name, name, connections, result, result["rps"] / adjacent_floor))
    finally:
        if nginx:
            proxy.stop(nginx)
    return rows, len(body)


def _verdicts(rows):
    lines = []
    for server, name, connections, result, ratio in rows:
        if name in TARGETS:
            ok = ratio >= TARGETS[name]
            lines.append(f"{'PASS' if ok else 'MISS'}: {server}, {name} at {connections} connections, ratio "
                         f"{ratio:.2f} (target {TARGETS[name]})")  # fmt: skip
        if name in CACHED_PAGES and connections == 64:
            ok = result["p99"] < P99_LIMIT_MS
            lines.append(f"{'PASS' if ok else 'MISS'}: {server}, {name} p99 at 64 connections {result['p99']:.1f} ms "
                         f"(target < {P99_LIMIT_MS} ms)")  # fmt: skip
        if result["errors"] or result["non2xx"]:
            lines.append(f"MISS: {server}, {name} at {connections} connections had errors or non-2xx responses")
    return lines


def _row(server, name, connections, r, ratio):
    http = f"{r['http_rps']:.0f}" if name == "checker run" else "–"
    return (f"| {server} | {name} | {connections} | {r['rps']:.0f} | {ratio:.2f} | {r['p50']:.1f} | {r['p99']:.1f} | "
            f"{r['requests']} | {r['errors']} | {r['non2xx']} | {http} |")  # fmt: skip


def _table(rows, count, page_bytes, args, notes, verdicts):
    head = (
        f"Benchmark {time.strftime('%Y-%m-%d %H:%M %Z')} · {count} articles · gunicorn {args.workers} sync workers · "
        f"{args.duration} s a row · {os.cpu_count()} cores · article page {page_bytes} bytes\n\n"
        + (f"{args.note}\n\n" if args.note else "")
        + "| server | page | connections | req/s | ratio to floor | p50 ms | p99 ms | requests | errors | non-2xx "
        "| HTTP req/s |\n|---|---|---|---|---|---|---|---|---|---|---|\n"
    )
    foot = (
        "\nA checker run (start, five steps, confirm, result: 15 HTTP requests with the redirects) counts as one "
        "request in req/s, p50 and p99; HTTP req/s counts each request. \"article through nginx\" is compared with "
        "the floor of the gunicorn behind it.\n\n"
        + "".join(f"- {note}\n" for note in notes)
        + "\n"
        + "".join(f"- {line}\n" for line in verdicts)
    )
    return head + "\n".join(_row(*row) for row in rows) + "\n" + foot


if __name__ == "__main__":
    main()

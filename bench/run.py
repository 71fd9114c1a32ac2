#!/usr/bin/env python
"""Throughput benchmark: the site under gunicorn with production settings.

    make bench                                  # SQLite, 10 s a row
    .venv/bin/python bench/run.py --duration 5  # quicker
    .venv/bin/python bench/run.py --database-url postgres://user@host:port/db

Builds 500 articles (the bundled ones plus generated variants), starts
gunicorn (2 sync workers) on 127.0.0.1 with production settings, and
measures requests per second and p50/p99 latency at 16 and 64 connections:
the home, article, topic and search pages with wrk, and complete checker
runs (start, every step, confirm, result) with a Python client. A "floor" (a
minimal Django view returning a fixed page the size of the article page,
through the same middleware, in the same gunicorn) is measured before and
after each page; each figure is printed as a ratio to the mean of the two.
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
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.loadgen import checker_runs, fetch  # noqa: E402

PY = sys.executable
ARTICLE = "/articles/leg-cramp-or-blood-clot/"
TOPIC = "/topics/when-to-see-a-doctor/"
SEARCH = "/search/?q=blood+clot"
CHECKER = "/check/"
CACHED_PAGES = ("home", "article", "topic")  # the p99 target applies to these
TARGETS = {"home": 0.8, "article": 0.8, "topic": 0.8, "search": 0.3}
P99_LIMIT_MS = 50


def server_env(database_url, workdir):
    """Production settings: debug off, a real secret key, the database cache
    (what production uses without REDIS_URL). Plain HTTP on loopback, so
    DJANGO_HTTPS=0 (no redirect to https, no Secure-only cookies)."""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_HTTPS": "0",
        "DATABASE_URL": database_url or f"sqlite:///{workdir}/bench.sqlite3",
        "DJANGO_CACHE": os.environ.get("DJANGO_CACHE", "database"),
        "DJANGO_LOG_LEVEL": "WARNING",
        "GUNICORN_ACCESS_LOG": "",
        "PYTHONPATH": str(ROOT),
    }


def prepare(env, articles):
    """Tables, static files (hashed, compressed) and the data set."""
    manage = [PY, "manage.py"]
    for args in (["migrate", "--noinput", "-v0"], ["createcachetable"], ["collectstatic", "--noinput", "-v0"]):
        subprocess.run(manage + args, cwd=ROOT, env=env, check=True)
    out = subprocess.run([PY, "-m", "bench.dataset", str(articles)], cwd=ROOT, env=env, check=True,
                         capture_output=True, text=True)  # fmt: skip
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
                        help="default: a new SQLite file in a temporary directory")  # fmt: skip
    parser.add_argument("--duration", type=int, default=10, help="seconds per measurement (default 10)")
    parser.add_argument("--articles", type=int, default=500)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn sync workers (default 2)")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--note", default="", help="a line about the machine's state, written with the table")
    parser.add_argument("--out-dir", default=str(ROOT / "bench" / "results"))
    args = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is missing: apt-get install wrk")

    workdir = tempfile.mkdtemp(prefix="lcg-bench-")
    env = server_env(args.database_url, workdir)
    print("Building the data set ...", flush=True)
    count = prepare(env, args.articles)
    server = start_gunicorn(env, args.port, args.workers, Path(workdir) / "gunicorn.log")
    base = f"http://127.0.0.1:{args.port}"
    notes = []
    try:
        status, body = fetch(base + ARTICLE)
        assert status == 200, f"{ARTICLE} answered {status}"
        pages = {"home": "/", "article": ARTICLE, "topic": TOPIC, "search": SEARCH}
        for path in pages.values():
            assert fetch(base + path)[0] == 200, path
        floor_path = f"/bench/floor/{len(body)}/"
        with_checker = checker_available(base)
        if not with_checker:
            notes.append(f"checker run: skipped, checker not available ({CHECKER} answered 404)")
        for path in [floor_path, *pages.values()]:  # warm every worker's page cache and connections
            wrk(base + path, 16, 1)
        rows = []
        for connections in (16, 64):
            # The floor before and after each page: the machine's load drifts,
            # so each page is compared with the mean of the two next to it.
            floors = [wrk(base + floor_path, connections, args.duration)]
            measured = []
            for name, path in pages.items():
                result = wrk(base + path, connections, args.duration)
                floors.append(wrk(base + floor_path, connections, args.duration))
                measured.append((name, result, (floors[-2]["rps"] + floors[-1]["rps"]) / 2))
                print(f"{name} at {connections}: {result['rps']:.0f} req/s, floor {measured[-1][2]:.0f}", flush=True)
            if with_checker:
                result = checker_runs(base, connections, args.duration)
                floors.append(wrk(base + floor_path, connections, args.duration))
                measured.append(("checker run", result, (floors[-2]["rps"] + floors[-1]["rps"]) / 2))
            floor = {key: sum(f[key] for f in floors) / len(floors) for key in ("rps", "p50", "p99")}
            floor.update({key: sum(f[key] for f in floors) for key in ("requests", "errors", "non2xx")})
            notes.append(f"floor at {connections} connections, measured {len(floors)} times between the pages: "
                         + ", ".join(f"{f['rps']:.0f}" for f in floors) + " req/s (the table shows the mean)")
            rows.append(("floor", connections, {**floor, "http_rps": floor["rps"]}, 1.0))
            for name, result, adjacent_floor in measured:
                rows.append((name, connections, result, result["rps"] / adjacent_floor))
    finally:
        stop(server)
        shutil.rmtree(workdir, ignore_errors=True)

    database = "PostgreSQL" if args.database_url.startswith("postgres") else "SQLite"
    verdicts = _verdicts(rows)
    table = _table(rows, database, count, len(body), args, notes, verdicts)
    out_dir = Path(args.out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    out = out_dir / f"bench-{database.lower()}-{time.strftime('%Y%m%d-%H%M')}.md"
    out.write_text(table)
    (out_dir / f"latest-{database.lower()}.md").write_text(table)
    print("\n" + table)
    print(f"Written to {out}")


def _verdicts(rows):
    lines = []
    for name, connections, result, ratio in rows:
        if name in TARGETS:
            ok = ratio >= TARGETS[name]
            lines.append(f"{'PASS' if ok else 'MISS'}: {name} at {connections} connections, ratio {ratio:.2f} "
                         f"(target {TARGETS[name]})")  # fmt: skip
        if name in CACHED_PAGES and connections == 64:
            ok = result["p99"] < P99_LIMIT_MS
            lines.append(f"{'PASS' if ok else 'MISS'}: {name} p99 at 64 connections {result['p99']:.1f} ms "
                         f"(target < {P99_LIMIT_MS} ms)")  # fmt: skip
        if result["errors"] or result["non2xx"]:
            lines.append(f"MISS: {name} at {connections} connections had errors or non-2xx responses")
    return lines


def _row(name, connections, r, ratio):
    http = f"{r['http_rps']:.0f}" if name == "checker run" else "–"
    return (f"| {name} | {connections} | {r['rps']:.0f} | {ratio:.2f} | {r['p50']:.1f} | {r['p99']:.1f} | "
            f"{r['requests']} | {r['errors']} | {r['non2xx']} | {http} |")  # fmt: skip


def _table(rows, database, count, page_bytes, args, notes, verdicts):
    head = (
        f"Benchmark {time.strftime('%Y-%m-%d %H:%M %Z')} · {database} · {count} articles · gunicorn "
        f"{args.workers} sync workers · {args.duration} s a row · {os.cpu_count()} cores · article page "
        f"{page_bytes} bytes · database cache\n\n"
        + (f"{args.note}\n\n" if args.note else "")
        + "| page | connections | req/s | ratio to floor | p50 ms | p99 ms | requests | errors | non-2xx "
        "| HTTP req/s |\n|---|---|---|---|---|---|---|---|---|---|\n"
    )
    foot = (
        "\nA checker run (start, five steps, confirm, result: 15 HTTP requests with the redirects) counts as one "
        "request in req/s, p50 and p99; HTTP req/s counts each request.\n\n"
        + "".join(f"- {note}\n" for note in notes)
        + "\n"
        + "".join(f"- {line}\n" for line in verdicts)
    )
    return head + "\n".join(_row(*row) for row in rows) + "\n" + foot


if __name__ == "__main__":
    main()

#!/usr/bin/env python
"""Throughput benchmark: the site under gunicorn with production settings.

    make bench                      # or: .venv/bin/python bench/run.py
    .venv/bin/python bench/run.py --database-url postgres://... --duration 10

Builds 500 articles, starts gunicorn (2 sync workers) on 127.0.0.1, and
measures requests per second and p50/p99 latency with wrk at 16 and 64
connections for the home, article, topic and search pages, and complete
checker runs with a Python client. A "floor" (a minimal Django view
returning a fixed page the size of the article page, served by the same
gunicorn) is measured in the same run, and every figure is printed as a
ratio to it. The table is written to bench/results/.
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
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.loadgen import checker_runs, fetch  # noqa: E402

PY = sys.executable


def server_env(database_url, workdir):
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        # No TLS on loopback: everything else is as in production.
        "DJANGO_HTTPS": "0",
        "DATABASE_URL": database_url or f"sqlite:///{workdir}/bench.sqlite3",
        "DJANGO_CACHE": os.environ.get("DJANGO_CACHE", "database"),
        "DJANGO_LOG_LEVEL": "WARNING",
        "GUNICORN_ACCESS_LOG": "",
        "PYTHONPATH": str(ROOT),
    }


def prepare(env, articles):
    manage = [PY, "manage.py"]
    for args in (["migrate", "--noinput", "-v0"], ["createcachetable"], ["collectstatic", "--noinput", "-v0"]):
        subprocess.run(manage + args, cwd=ROOT, env=env, check=True)
    out = subprocess.run([PY, "-m", "bench.dataset", str(articles)], cwd=ROOT, env=env, check=True,
                         capture_output=True, text=True)  # fmt: skip
    return int(out.stdout.strip().splitlines()[-1])


def start_gunicorn(env, port, workers):
    env = {**env, "GUNICORN_BIND": f"127.0.0.1:{port}", "GUNICORN_WORKERS": str(workers)}
    proc = subprocess.Popen(
        [PY, "-m", "gunicorn", "-c", "config/gunicorn.conf.py", "config.wsgi"], cwd=ROOT, env=env,
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )  # fmt: skip
    deadline = time.time() + 30
    while time.time() < deadline:
        try:
            if fetch(f"http://127.0.0.1:{port}/health/")[0] == 200:
                return proc
        except OSError:
            time.sleep(0.2)
    proc.kill()
    raise SystemExit("gunicorn did not start: " + proc.stderr.read().decode()[-2000:])


def wrk(url, connections, duration):
    threads = min(2, connections)
    out = subprocess.run(
        ["wrk", f"-t{threads}", f"-c{connections}", f"-d{duration}s", "--latency", url],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    total = int(re.search(r"(\d+) requests in", out).group(1))
    non2xx = int(m.group(1)) if (m := re.search(r"Non-2xx or 3xx responses: (\d+)", out)) else 0
    errors = sum(int(n) for n in re.findall(r"(?:connect|read|write|timeout) (\d+)", out))
    return {"rps": rps, "p50": _ms(out, "50%"), "p99": _ms(out, "99%"), "requests": total, "errors": errors,
            "non2xx": non2xx}  # fmt: skip


def _ms(out, label):
    value, unit = re.search(rf"{label}\s+([\d.]+)(us|ms|s)", out).groups()
    return float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL", ""))
    parser.add_argument("--duration", type=int, default=10, help="seconds per measurement")
    parser.add_argument("--articles", type=int, default=500)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--out", default=str(ROOT / "bench" / "results" / "latest.md"))
    args = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is missing: apt-get install wrk")

    workdir = tempfile.mkdtemp(prefix="lcg-bench-")
    env = server_env(args.database_url, workdir)
    count = prepare(env, args.articles)
    server = start_gunicorn(env, args.port, args.workers)
    base = f"http://127.0.0.1:{args.port}"
    try:
        article_path = "/articles/leg-cramp-or-blood-clot/"
        status, body = fetch(base + article_path)
        assert status == 200, f"{article_path} answered {status}"
        targets = {
            "floor": f"/bench/floor/{len(body)}/",
            "home": "/",
            "article": article_path,
            "topic": "/topics/when-to-see-a-doctor/",
            "search": "/search/?q=blood+clot",
        }
        for path in targets.values():  # warm every worker's page cache
            for _ in range(2 * args.workers):
                fetch(base + path)
        rows = []
        for connections in (16, 64):
            floor = None
            for name, path in targets.items():
                result = wrk(base + path, connections, args.duration)
                floor = floor or result
                rows.append((name, connections, result, result["rps"] / floor["rps"]))
                print(_row(*rows[-1]), flush=True)
            result = checker_runs(base, connections, args.duration)
            rows.append(("checker run", connections, result, result["rps"] / floor["rps"]))
            print(_row(*rows[-1]), flush=True)
    finally:
        server.terminate()
        server.wait(10)
        shutil.rmtree(workdir, ignore_errors=True)

    database = "PostgreSQL" if args.database_url.startswith("postgres") else "SQLite"
    table = _table(rows, database, count, len(body), args)
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(table)
    print("\n" + table)
    print(f"Written to {args.out}")


def _row(name, connections, r, ratio):
    return (f"| {name} | {connections} | {r['rps']:.0f} | {ratio:.2f} | {r['p50']:.1f} | {r['p99']:.1f} | "
            f"{r['requests']} | {r['errors']} | {r['non2xx']} |")  # fmt: skip


def _table(rows, database, count, page_bytes, args):
    head = (
        f"Benchmark {time.strftime('%Y-%m-%d %H:%M')} · {database} · {count} articles · gunicorn "
        f"{args.workers} sync workers · {args.duration}s each · {os.cpu_count()} cores · article page "
        f"{page_bytes} bytes\n\n"
        "| page | connections | req/s | ratio to floor | p50 ms | p99 ms | requests | errors | non-2xx |\n"
        "|---|---|---|---|---|---|---|---|---|\n"
    )
    return head + "\n".join(_row(*row) for row in rows) + "\n\n(checker run: one complete run, all steps to the result, counts as one request)\n"


if __name__ == "__main__":
    main()

#!/usr/bin/env python
"""Load test: 64 concurrent clients for 60 seconds against gunicorn with
production settings, over article pages, searches and complete checker runs.

    .venv/bin/python bench/load.py                       # SQLite
    .venv/bin/python bench/load.py --database-url postgres://...

Prints requests, errors, non-2xx responses and p50/p99 latency; exits 1 if
any request failed or answered other than 2xx (after redirects).
"""

import argparse
import http.client
import itertools
import random
import shutil
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.loadgen import Client, checker_run  # noqa: E402
from bench.run import prepare, server_env, start_gunicorn  # noqa: E402

SEARCHES = ["cramp", "blood clot", "stretch", "pregnancy", "quinine", "calf pain walking", "zzz-no-match"]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", default="")
    parser.add_argument("--clients", type=int, default=64)
    parser.add_argument("--duration", type=int, default=60)
    parser.add_argument("--articles", type=int, default=500)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--port", type=int, default=8766)
    args = parser.parse_args()

    workdir = tempfile.mkdtemp(prefix="lcg-load-")
    env = server_env(args.database_url, workdir)
    prepare(env, args.articles)
    server = start_gunicorn(env, args.port, args.workers)
    slugs = _article_slugs(args.port)
    lock = threading.Lock()
    latencies, counts = [], {"requests": 0, "errors": 0, "non2xx": 0, "checker_runs": 0}
    stop_at = time.monotonic() + args.duration

    def client_loop(seed):
        rng = random.Random(seed)
        client = Client("127.0.0.1", args.port)
        for turn in itertools.count():
            if time.monotonic() >= stop_at:
                return
            started = time.monotonic()
            try:
                if turn % 10 == 9:
                    client.cookies.clear()
                    ok, n = checker_run(client)
                    statuses = [200] * n if ok else [599]
                    kind = "checker"
                else:
                    path = (f"/search/?q={rng.choice(SEARCHES).replace(' ', '+')}" if turn % 5 == 4
                            else f"/articles/{rng.choice(slugs)}/")  # fmt: skip
                    status, _, _ = client.get_following("GET", path)
                    statuses, kind = [status], "page"
                error = False
            except (OSError, http.client.HTTPException):
                statuses, kind, error = [], "error", True
                client = Client("127.0.0.1", args.port)
            elapsed = (time.monotonic() - started) * 1000
            with lock:
                counts["requests"] += max(1, len(statuses))
                counts["errors"] += error
                counts["non2xx"] += sum(not 200 <= s < 300 for s in statuses)
                counts["checker_runs"] += kind == "checker"
                if kind == "page":
                    latencies.append(elapsed)

    threads = [threading.Thread(target=client_loop, args=(i,)) for i in range(args.clients)]
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        server.terminate()
        server.wait(10)
        shutil.rmtree(workdir, ignore_errors=True)
    latencies.sort()
    p50 = latencies[len(latencies) // 2]
    p99 = latencies[int(len(latencies) * 0.99)]
    database = "PostgreSQL" if args.database_url.startswith("postgres") else "SQLite"
    print(f"{database}: {args.clients} clients, {args.duration}s, gunicorn {args.workers} workers")
    print(f"requests {counts['requests']} (incl. {counts['checker_runs']} complete checker runs), "
          f"errors {counts['errors']}, non-2xx {counts['non2xx']}, "
          f"page p50 {p50:.1f} ms, p99 {p99:.1f} ms, {counts['requests'] / args.duration:.0f} req/s")  # fmt: skip
    sys.exit(1 if counts["errors"] or counts["non2xx"] else 0)


def _article_slugs(port):
    import re

    client = Client("127.0.0.1", port)
    _, _, page = client.request("GET", "/articles/")
    return sorted({slug.decode() for slug in re.findall(rb'href="/articles/([a-z0-9-]+)/"', page)})


if __name__ == "__main__":
    main()

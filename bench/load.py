#!/usr/bin/env python
"""Load test (issue 7): 64 concurrent clients for 60 seconds against gunicorn
with production settings, over article pages, searches and complete checker
runs. Not a timed test: it reports, and fails only on errors.

    .venv/bin/python bench/load.py                                    # SQLite
    .venv/bin/python bench/load.py --database-url postgres://user@host:port/db

Each client loops: mostly article pages (all 500, at random), a search every
fifth turn (a handful of real queries and one that matches nothing), and a
complete checker run (start, five steps, confirm, result) every tenth, with
a fresh cookie jar per run. It prints requests, connection errors, non-2xx
responses (redirects inside the checker's flow are followed, not counted),
and p50/p99 latency per HTTP request; it exits 1 if any request failed.
"""

import argparse
import http.client
import itertools
import multiprocessing
import random
import re
import shutil
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.loadgen import Client, checker_run  # noqa: E402
from bench.run import Setup, prepare, server_env, start_gunicorn, stop  # noqa: E402

SEARCHES = ["cramp", "blood clot", "stretch", "pregnancy", "quinine", "calf pain walking", "zzz-no-match"]
FOLLOWED = {301, 302, 303}


class TimedClient(Client):
    """A client that records each HTTP response's status and latency."""

    def __init__(self, host, port, record):
        super().__init__(host, port)
        self.record = record

    def request(self, method, path, body=None):
        started = time.monotonic()
        result = super().request(method, path, body)
        self.record(result[0], (time.monotonic() - started) * 1000, path)
        return result


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", default="", help="default: a new SQLite file in a temporary directory")
    parser.add_argument("--clients", type=int, default=64)
    parser.add_argument("--duration", type=int, default=60)
    parser.add_argument("--articles", type=int, default=500)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn sync workers (default 2, one per core)")
    parser.add_argument("--processes", type=int, default=4,
                        help="client processes the clients are spread over (threads in one process would wait "
                             "for each other and inflate the latencies)")  # fmt: skip
    parser.add_argument("--port", type=int, default=8766)
    args = parser.parse_args()

    workdir = tempfile.mkdtemp(prefix="lcg-load-")
    database_url = args.database_url or f"sqlite:///{workdir}/bench.sqlite3"
    env = server_env(Setup("load", database_url, "database"), workdir)
    print("Building the data set ...", flush=True)
    prepare(env, args.articles)
    log_path = Path(workdir) / "gunicorn.log"
    server = start_gunicorn(env, args.port, args.workers, log_path)
    try:
        slugs = _article_slugs(args.port)
        assert len(slugs) >= args.articles, f"only {len(slugs)} articles listed"
        stop_at = time.time() + args.duration
        shares = [range(i, args.clients, args.processes) for i in range(args.processes)]
        started = time.monotonic()
        with multiprocessing.Pool(args.processes) as pool:
            results = pool.starmap(_client_process, [(list(share), args.port, slugs, stop_at) for share in shares])
        elapsed = time.monotonic() - started
    finally:
        stop(server)
        server_errors = [line for line in log_path.read_text().splitlines() if " ERROR " in line or "Traceback" in line]
        shutil.rmtree(workdir, ignore_errors=True)

    counts = {key: sum(r["counts"][key] for r in results) for key in results[0]["counts"]}
    latencies = sorted(ms for r in results for ms in r["latencies"])
    bad = [line for r in results for line in r["bad"]][:10]
    p50 = latencies[len(latencies) // 2]
    p99 = latencies[int(len(latencies) * 0.99)]
    database = "PostgreSQL" if args.database_url.startswith("postgres") else "SQLite"
    print(f"{database}: {args.clients} clients ({args.processes} processes) for {elapsed:.0f} s, gunicorn "
          f"{args.workers} sync workers, {args.articles} articles, database cache")  # fmt: skip
    print(f"requests {counts['requests']} ({counts['requests'] / elapsed:.0f}/s): {counts['articles']} article pages, "
          f"{counts['searches']} searches, {counts['checker_runs']} complete checker runs")  # fmt: skip
    print(f"errors {counts['errors']}, non-2xx {counts['non2xx']}, p50 {p50:.1f} ms, p99 {p99:.1f} ms")
    if bad:
        print("first problems:", *bad, sep="\n  ")
    if server_errors:
        print("server log errors:", *server_errors[:10], sep="\n  ")
    sys.exit(1 if counts["errors"] or counts["non2xx"] or server_errors else 0)


def _client_process(seeds, port, slugs, stop_at):
    """Run some of the clients, as threads, until `stop_at` (wall clock)."""
    lock = threading.Lock()
    latencies, bad = [], []
    counts = {"requests": 0, "errors": 0, "non2xx": 0, "checker_runs": 0, "searches": 0, "articles": 0}

    def record(status, ms, path):
        with lock:
            counts["requests"] += 1
            latencies.append(ms)
            if not (200 <= status < 300 or status in FOLLOWED):
                counts["non2xx"] += 1
                if len(bad) < 10:
                    bad.append(f"{status} {path.split('?')[0]}")

    def client_loop(seed):
        rng = random.Random(seed)
        client = TimedClient("127.0.0.1", port, record)
        for turn in itertools.count(seed):
            if time.time() >= stop_at:
                return
            try:
                if turn % 10 == 9:
                    client.cookies.clear()
                    ok = checker_run(client)[0]
                    kind = "checker_runs"
                    if not ok:
                        with lock:
                            counts["non2xx"] += 1  # a run that did not reach its result
                elif turn % 5 == 4:
                    client.get_following("GET", f"/search/?q={rng.choice(SEARCHES).replace(' ', '+')}")
                    kind = "searches"
                else:
                    client.get_following("GET", f"/articles/{rng.choice(slugs)}/")
                    kind = "articles"
                with lock:
                    counts[kind] += 1
            except (OSError, http.client.HTTPException) as error:
                with lock:
                    counts["errors"] += 1
                    if len(bad) < 10:
                        bad.append(repr(error))
                client = TimedClient("127.0.0.1", port, record)

    threads = [threading.Thread(target=client_loop, args=(seed,)) for seed in seeds]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return {"counts": counts, "latencies": latencies, "bad": bad}


def _article_slugs(port):
    _, _, page = Client("127.0.0.1", port).request("GET", "/articles/")
    return sorted({slug.decode() for slug in re.findall(rb'href="/articles/([a-z0-9-]+)/"', page)})


if __name__ == "__main__":
    main()

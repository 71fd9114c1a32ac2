"""Malformed requests, written byte by byte to gunicorn with the production
settings on 127.0.0.1: never a 500, never a hang, every answer from the
site carries the security headers, and the server is still healthy after."""

import socket
import time

import pytest

from tests.test_security_gunicorn import gunicorn, migrated_database  # noqa: F401 (a fixture)

HOST = b"Host: 127.0.0.1\r\n"
PATHS = [
    b"/", b"/health/", b"/articles/", b"/feed/", b"/sitemap.xml", b"/robots.txt", b"/admin/", b"/admin/login/",
    b"/check/", b"/search/?q=cramp", b"/static/css/site.css", b"*", b"http://evil.example/", b"//evil.example/x",
    b"/../../etc/passwd", b"/%2e%2e/%2e%2e/etc/passwd", b"/static/../config/settings.py", b"/%00", b"/%ff%fe",
    b"/\xff\xfe", b"/%", b"/%zz", b"/articles/%0d%0aSet-Cookie:%20x=1/", b"/search/?q=%00", b"/search/?q=%ff",
    b"/admin/articles/article/abc/change/", b"/admin/articles/article/?status__exact=%00",
    b"/check/AAAAAAAAAAAAAAAA/emergency/", b"/check/../admin/", b"/?" + b"&".join(b"a%d=1" % i for i in range(300)),
    b"/" + b"a" * 3000, b"/articles/" + "é".encode() + b"/", b"/feed/?format=rss%22%3E%3Cscript%3E",
]  # fmt: skip
METHODS = [b"GET", b"HEAD", b"POST", b"OPTIONS", b"TRACE", b"PUT", b"DELETE", b"PATCH", b"get", b"G ET", b"BREW",
           b"X" * 200]  # fmt: skip
HEADER_VARIANTS = [
    b"", b"Host: evil.example\r\n", b"Host: 127.0.0.1:99999\r\n", b"Host: 127.0.0.1\r\nHost: evil.example\r\n",
    b"Host: 127.0.0.1\x00evil\r\n", b"X-Long: " + b"a" * 9000 + b"\r\n", b"NoColonHere\r\n", b"Bad Name: x\r\n",
    b"X-Folded: a\r\n continued\r\n", b"Content-Length: -1\r\n", b"Content-Length: abc\r\n",
    b"Content-Length: 5\r\nContent-Length: 6\r\n", b"Transfer-Encoding: chunked\r\n\r\nzz\r\n",
    b"Transfer-Encoding: chunked\r\nContent-Length: 3\r\n", b"Transfer-Encoding: gzip, chunked\r\n",
    b"Expect: 100-continue\r\nContent-Length: 10\r\n", b"X-Forwarded-For: 1.2.3.4, ::::, \x7f\r\n",
    b"X-Forwarded-Proto: https\r\n", b"Cookie: lcg_check_AAAAAAAAAAAAAAAA=garbage; csrftoken=\x01\x02\r\n",
    b"Cookie: " + b"a=b; " * 2000 + b"\r\n", b"".join(b"X-H%d: v\r\n" % i for i in range(150)),
    b"Content-Type: multipart/form-data; boundary=\r\nContent-Length: 4\r\n", b"Range: bytes=9999999-\r\n",
    b"If-None-Match: " + b"\"x\", " * 500 + b"\r\n", b"Accept-Encoding: br;q=x, gzip;q=\xff\r\n",
]  # fmt: skip
OTHER = [
    b"", b"\r\n\r\n", b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03",  # a TLS hello on plain HTTP
    b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", b"GET /\r\n\r\n", b"GET / HTTP/1.1\n\n", b"GET / HTTP/1.1\r\n",
    b"GET / HTTP/0.9\r\n\r\n", b"GET / HTTP/2.0\r\n" + HOST + b"\r\n", b"GET / HTTP/9.9\r\n" + HOST + b"\r\n",
    b"GET / HTTP/1.1x\r\n" + HOST + b"\r\n", b"GET  /  HTTP/1.1\r\n" + HOST + b"\r\n",
    b"GET / HTTP/1.1\r\n" + HOST + b"Content-Length: 2\r\n\r\n", b"\x00\x00\x00\x00",
    b"POST /articles/x/feedback/ HTTP/1.1\r\n" + HOST + b"Content-Length: 99999999\r\n\r\nhelpful=yes",
    b"GET / HTTP/1.1\r\n" + HOST + b"\r\nGET /health/ HTTP/1.1\r\n" + HOST + b"\r\n",  # pipelined
]  # fmt: skip


def malformed_requests():
    for path in PATHS:
        for method in METHODS:
            yield method + b" " + path + b" HTTP/1.1\r\n" + HOST + b"Connection: close\r\n\r\n"
    for headers in HEADER_VARIANTS:
        host = b"" if headers.startswith(b"Host") else HOST  # b"": no Host at all
        for path in PATHS[:8]:
            yield b"GET " + path + b" HTTP/1.1\r\n" + host + headers + b"Connection: close\r\n\r\n"
    yield from OTHER


def send(port, data, timeout=15):
    """The answer's status code (None if the server closed without one) and headers."""
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as conn:
        try:
            conn.sendall(data)
            conn.shutdown(socket.SHUT_WR)
        except OSError:
            pass
        answer = b""
        deadline = time.monotonic() + timeout
        while b"\r\n\r\n" not in answer and time.monotonic() < deadline:
            try:
                chunk = conn.recv(65536)
            except ConnectionResetError:
                break
            if not chunk:
                break
            answer += chunk
    if not answer.startswith(b"HTTP/"):
        return None, {}
    head = answer.split(b"\r\n\r\n", 1)[0].decode("latin-1").split("\r\n")
    headers = {}
    for line in head[1:]:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    return int(head[0].split()[1]), headers


SITE_HEADERS = ["content-security-policy", "x-frame-options", "x-content-type-options", "permissions-policy"]


@pytest.mark.django_db
def test_malformed_requests_never_get_a_500_and_the_server_stays_healthy(tmp_path, migrated_database,  # noqa: F811
                                                                         collected_static):  # fmt: skip
    requests = list(malformed_requests())
    assert len(requests) > 400
    counts = {"site": 0, "gunicorn": 0, "closed": 0}
    failures = []
    with gunicorn(tmp_path, migrated_database, collected_static, DJANGO_HTTPS="0") as (port, log_path):
        for data in requests:
            status, headers = send(port, data)
            if status is None:
                counts["closed"] += 1
                continue
            if status == 100:  # "Continue" to a request that said Expect: 100-continue, then no body came
                counts["closed"] += 1
            elif status >= 500:
                failures.append((status, data[:120]))
            elif "x-content-type-options" in headers:  # Django's outermost middleware: the site answered
                counts["site"] += 1
                missing = [name for name in SITE_HEADERS if name not in headers]
                if missing:
                    failures.append((status, data[:120], missing))
            else:
                # gunicorn's own plain-text refusal of a request it cannot parse
                # (it never reaches the site); only 4xx.
                counts["gunicorn"] += 1
                if not 400 <= status < 500:
                    failures.append((status, data[:120], "no site headers"))
        assert send(port, b"GET /health/ HTTP/1.1\r\n" + HOST + b"Connection: close\r\n\r\n")[0] == 200
    log = log_path.read_text()
    print(f"\nraw requests: {len(requests)} sent; {counts}")
    assert not failures, "\n".join(repr(failure) for failure in failures)
    assert "Internal Server Error" not in log
    # The only errors logged are Django's security notes (a Host not allowed).
    errors = [line for line in log.splitlines() if " ERROR " in line]
    assert all(" django.security." in line for line in errors), errors
    assert "\x1b" not in log and "\r" not in log

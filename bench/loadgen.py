"""A small Python HTTP load generator for flows wrk cannot drive: a complete
checker run needs cookies, CSRF tokens and one POST per step.

The client walks the checker the way a reader does: it reads each page's
form, answers it (the first choice of every question, "No" to yes/no
questions) and posts it, until the result page.
"""

import http.client
import http.cookies
import re
import threading
import time
import urllib.parse
import urllib.request
from html.parser import HTMLParser

MAX_STEPS = 20
_NOT_FORWARD = r"start-again|feedback"


def fetch(url):
    with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - loopback only
        return response.status, response.read()


class _FormParser(HTMLParser):
    """Collects the forms on a page: action, method and the fields to send."""

    def __init__(self):
        super().__init__()
        self.forms, self._form = [], None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self._form = {"action": a.get("action", ""), "method": a.get("method", "get").lower(), "fields": {},
                          "radios": {}, "submit": None}  # fmt: skip
            self.forms.append(self._form)
        elif self._form is not None and tag in ("input", "button", "select", "textarea"):
            kind, name = a.get("type", "text"), a.get("name")
            if tag == "button" and name and self._form["submit"] is None:
                self._form["submit"] = (name, a.get("value", ""))
            elif tag == "select" and name:
                self._form["fields"].setdefault(name, "")
            elif kind == "radio" and name:
                # Prefer "no" for yes/no questions; otherwise the first choice.
                choices = self._form["radios"].setdefault(name, [])
                choices.append(a.get("value", "on"))
            elif kind == "hidden" and name:
                self._form["fields"][name] = a.get("value", "")

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None


class Client:
    """One reader: a keep-alive connection and a cookie jar."""

    def __init__(self, host, port):
        self.conn = http.client.HTTPConnection(host, port, timeout=30)
        self.cookies = {}
        self.sent = 0  # HTTP requests, redirects followed included

    def request(self, method, path, body=None):
        self.sent += 1
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        self.conn.request(method, path, body=body, headers=headers)
        response = self.conn.getresponse()
        data = response.read()
        for header in response.headers.get_all("Set-Cookie") or []:
            cookie = http.cookies.SimpleCookie(header)
            for key, morsel in cookie.items():
                if morsel["max-age"] == "0" or morsel.value == "":
                    self.cookies.pop(key, None)
                else:
                    self.cookies[key] = morsel.value
        return response.status, response.headers.get("Location"), data

    def get_following(self, method, path, body=None):
        status, location, data = self.request(method, path, body)
        hops = 0
        while status in (301, 302, 303) and location and hops < 5:
            path = urllib.parse.urlsplit(location).path or path
            status, location, data = self.request("GET", path)
            hops += 1
        return status, path, data


def checker_run(client, start_path="/check/"):
    """Walk the checker from its start page to a result: start, POST each step
    in order, confirm the answers, read the result. Returns (ok, requests)."""
    first = client.sent
    status, path, data = client.get_following("GET", start_path)
    for _ in range(MAX_STEPS):
        if status != 200:
            return False, client.sent - first
        if path.endswith("/result/"):
            return True, client.sent - first
        parser = _FormParser()
        parser.feed(data.decode("utf-8", "replace"))
        # The page's own form: "start" on the first page, then each step's
        # form and "confirm" (posting to the page itself); never "start again".
        forms = [f for f in parser.forms if f["method"] == "post" and not re.search(_NOT_FORWARD, f["action"])]
        if not forms:
            return False, client.sent - first
        form = forms[0]
        fields = dict(form["fields"])
        for name, values in form["radios"].items():
            fields[name] = "no" if "no" in values else values[0]
        if form["submit"]:
            fields.setdefault(*form["submit"])
        action = urllib.parse.urljoin(path, form["action"] or path)
        status, path, data = client.get_following("POST", action, urllib.parse.urlencode(fields))
    return False, client.sent - first


def checker_runs(base, connections, duration):
    """Complete checker runs by `connections` concurrent readers for `duration`
    seconds. A run that fails to reach its result counts as non-2xx; one cut
    short by a connection error counts as an error."""
    parts = urllib.parse.urlsplit(base)
    stop_at = time.monotonic() + duration
    lock = threading.Lock()
    timings, errors, failures, requests = [], [0], [0], [0]

    def reader():
        client = Client(parts.hostname, parts.port)
        while time.monotonic() < stop_at:
            client.cookies.clear()
            started, sent = time.monotonic(), client.sent
            try:
                ok, error = checker_run(client)[0], False
            except (OSError, http.client.HTTPException):
                ok, error = False, True
                client = Client(parts.hostname, parts.port)
            elapsed = (time.monotonic() - started) * 1000
            with lock:
                requests[0] += max(1, client.sent - sent) if not error else 1
                if ok:
                    timings.append(elapsed)
                elif error:
                    errors[0] += 1
                else:
                    failures[0] += 1

    threads = [threading.Thread(target=reader) for _ in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    timings.sort()

    def pct(p):
        return timings[min(len(timings) - 1, int(len(timings) * p))] if timings else float("nan")

    return {"rps": len(timings) / duration, "p50": pct(0.50), "p99": pct(0.99), "requests": len(timings),
            "errors": errors[0], "non2xx": failures[0], "http_rps": requests[0] / duration}  # fmt: skip

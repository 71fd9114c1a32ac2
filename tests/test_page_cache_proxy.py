"""The repository's nginx configuration (config/nginx/leg-cramp-guide.conf)
in front of gunicorn, as readers notice it: public pages come from nginx's
cache, an approval shows through it within max-age (plus the app servers'
one-second poll), and nothing personal is ever served from it."""

import os
import time
import urllib.request

import pytest

from bench import proxy
from bench.loadgen import Client
from tests.servers import approve as approve_in_admin
from tests.servers import free_port, prepare_site, signed_in_reviewer, start_gunicorn, stop

URL = "/articles/shared-page/"
MAX_AGE = 3  # seconds: short, so the test is quick; production uses 60 (config/settings.py)
POLL_SECONDS = 1.0  # the app servers' PAGE_CACHE_POLL_SECONDS

if not proxy.available():
    if os.environ.get("CI"):
        raise RuntimeError("nginx is missing; CI must run the proxy tests (.ci/run installs nginx-light)")
    pytest.skip("nginx is not installed (apt-get install nginx-light)", allow_module_level=True)


def through_proxy(port, path, cookie=None):
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", headers={"Cookie": cookie} if cookie else {})
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 - loopback only
        return response.headers.get("X-Cache-Status"), response.read()


@pytest.fixture
def site(server_env, tmp_path, request):
    max_age = getattr(request, "param", MAX_AGE)
    env = {**server_env, "DJANGO_PAGE_MAX_AGE": str(max_age), "DJANGO_PAGE_STALE_WHILE_REVALIDATE": str(max_age)}
    pk = prepare_site(env)
    app_port, proxy_port = free_port(), free_port()
    app = start_gunicorn(env, app_port, tmp_path / "app.log")
    try:
        nginx = proxy.start(proxy_port, app_port, tmp_path / "nginx")
    except Exception:
        stop(app)
        raise
    yield pk, app_port, proxy_port
    proxy.stop(nginx)
    stop(app)


def test_an_approval_shows_through_the_proxy_within_max_age(site):
    pk, app_port, proxy_port = site
    statuses = []
    for _ in range(3):
        status, page = through_proxy(proxy_port, URL)
        statuses.append(status)
        assert b"First approved wording." in page
    assert statuses[0] == "MISS" and "HIT" in statuses[1:]

    approved_from = approve_in_admin(signed_in_reviewer(app_port), pk)
    shown_at = None
    while time.monotonic() - approved_from < (MAX_AGE + POLL_SECONDS) * 3:
        sent = time.monotonic()
        status, page = through_proxy(proxy_port, URL)
        if b"Second approved wording." in page:
            shown_at = sent
            break
        time.sleep(0.1)
    assert shown_at is not None, "the proxy never showed the approval"
    assert shown_at - approved_from <= MAX_AGE + POLL_SECONDS + 0.5, shown_at - approved_from
    assert through_proxy(proxy_port, URL) == ("HIT", page)  # the new page is cached in its turn


# Production's max-age: on a busy machine the sign-in below can take longer than 2 s.
@pytest.mark.parametrize("site", [60], indirect=True)
def test_nothing_personal_is_served_from_or_stored_in_the_proxy(site):
    pk, app_port, proxy_port = site
    through_proxy(proxy_port, URL)
    assert through_proxy(proxy_port, URL)[0] == "HIT"
    # Signed-in staff go past the cache, and what they get is not stored.
    reviewer = signed_in_reviewer(app_port)
    cookie = "; ".join(f"{name}={value}" for name, value in reviewer.cookies.items())
    assert through_proxy(proxy_port, URL, cookie=cookie)[0] == "BYPASS"
    assert through_proxy(proxy_port, URL)[0] == "HIT"
    # The checker and the feedback page (which carries a CSRF token) are
    # never stored, however often they are asked for.
    for path in ["/check/", f"{URL}feedback/?helpful=yes"]:
        reader = Client("127.0.0.1", proxy_port)
        for _ in range(3):
            assert reader.request("GET", path)[0] == 200
        assert [through_proxy(proxy_port, path)[0] for _ in range(2)] == ["MISS", "MISS"], path

"""The client address behind a proxy, and lock-outs that hurt the guesser.

Requests come "through a proxy": REMOTE_ADDR is the proxy (127.0.0.1) and
X-Forwarded-For ends with the address the proxy saw, as nginx's
$proxy_add_x_forwarded_for writes it. Anything further left was typed by
the client.
"""

import pytest
from django.core.cache import cache
from django.test import Client, RequestFactory, override_settings

from config.client_ip import client_ip
from tests.factories import editor, published_article, reviewer

PROXY = "127.0.0.1"
PASSWORD = "correct-horse-battery-staple"
WRONG = "wrong password here"


def through_proxy(address, typed_by_client=""):
    """A test client whose requests reach us through one proxy."""
    forwarded = f"{typed_by_client}, {address}" if typed_by_client else address
    return Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=forwarded)


def sign_in(client, username, password):
    return client.post("/admin/login/", {"username": username, "password": password, "next": "/admin/"})


# --- The one function --------------------------------------------------------------


def request_from(remote, forwarded=None):
    meta = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **meta)


@pytest.mark.parametrize(
    "count, remote, forwarded, expected",
    [
        (0, "192.0.2.1", "203.0.113.9", "192.0.2.1"),  # no proxy trusted: the header is anyone's
        (1, PROXY, "203.0.113.9", "203.0.113.9"),
        (1, PROXY, "6.6.6.6, 203.0.113.9", "203.0.113.9"),  # the client's own entry is ignored
        (1, PROXY, " 203.0.113.9 ", "203.0.113.9"),
        (2, PROXY, "6.6.6.6, 203.0.113.9, 10.0.0.5", "203.0.113.9"),  # two proxies: second from the right
        (2, PROXY, "203.0.113.9", PROXY),  # fewer entries than proxies: not through them all
        (1, PROXY, "", PROXY),
        (1, PROXY, None, PROXY),
        (1, PROXY, "not-an-address", PROXY),
        (1, PROXY, "2001:DB8::1", "2001:db8::1"),
    ],
)
def test_client_ip_trusts_exactly_the_configured_proxies(settings, count, remote, forwarded, expected):
    settings.PROXY_COUNT = count
    assert client_ip(request_from(remote, forwarded)) == expected


def test_axes_asks_the_same_function():
    from axes.helpers import get_client_ip_address

    with override_settings(PROXY_COUNT=1):
        assert get_client_ip_address(request_from(PROXY, "6.6.6.6, 203.0.113.9")) == "203.0.113.9"


# --- Lock-outs through a proxy --------------------------------------------------------


@pytest.mark.django_db
@override_settings(PROXY_COUNT=1)
def test_a_strangers_guesses_lock_only_the_stranger_out():
    victim = reviewer(username="locktest")
    attacker = through_proxy("203.0.113.66")
    for _ in range(5):
        response = sign_in(attacker, "locktest", WRONG)
    assert response.status_code == 429
    assert sign_in(attacker, "locktest", PASSWORD).status_code == 429
    # The reviewer, from their own computer, behind the same proxy, signs in.
    own = through_proxy("198.51.100.20")
    response = sign_in(own, "locktest", PASSWORD)
    assert response.status_code == 302
    assert own.session["_auth_user_id"] == str(victim.pk)


@pytest.mark.django_db
@override_settings(PROXY_COUNT=1)
def test_a_forged_forwarded_header_does_not_escape_the_lock():
    reviewer(username="locktest")
    for n in range(5):
        sign_in(through_proxy("203.0.113.66", typed_by_client=f"192.0.2.{n}"), "locktest", WRONG)
    response = sign_in(through_proxy("203.0.113.66", typed_by_client="192.0.2.200"), "locktest", PASSWORD)
    assert response.status_code == 429


@pytest.mark.django_db
def test_without_a_trusted_proxy_the_forwarded_header_is_ignored():
    reviewer(username="locktest")
    for n in range(5):
        sign_in(Client(REMOTE_ADDR="203.0.113.66", HTTP_X_FORWARDED_FOR=f"192.0.2.{n}"), "locktest", WRONG)
    response = sign_in(Client(REMOTE_ADDR="203.0.113.66", HTTP_X_FORWARDED_FOR="192.0.2.99"), "locktest", PASSWORD)
    assert response.status_code == 429


@pytest.mark.django_db
@override_settings(PROXY_COUNT=1)
def test_guesses_spread_over_many_names_lock_the_address(settings):
    assert settings.LOGIN_ADDRESS_FAILURE_LIMIT == 20
    names = [f"reviewer{n}" for n in range(9)]
    for name in names:
        reviewer(username=name)
    attacker = through_proxy("203.0.113.66")
    statuses = []
    for guess in range(36):  # 4 per name: never 5 for one name
        statuses.append(sign_in(attacker, names[guess % 9], WRONG).status_code)
    assert statuses[:19] == [200] * 19
    assert statuses[19:] == [429] * 17
    # Locked for every name, even a right password for an account never tried.
    editor(username="untried")
    assert sign_in(attacker, "untried", PASSWORD).status_code == 429
    # Everyone else is not.
    assert sign_in(through_proxy("198.51.100.20"), "reviewer0", PASSWORD).status_code == 302


@pytest.mark.django_db
@override_settings(PROXY_COUNT=1)
def test_signing_in_to_your_own_account_does_not_wipe_the_address_count():
    for n in range(5):
        reviewer(username=f"target{n}")
    editor(username="insider")
    attacker = through_proxy("203.0.113.66")
    statuses = []
    for round_ in range(5):
        for _ in range(4):
            statuses.append(sign_in(attacker, f"target{round_}", WRONG).status_code)
        attacker.post("/admin/logout/")
        sign_in(attacker, "insider", PASSWORD)  # clears the insider's own failures only
    assert statuses[-1] == 429  # the twentieth failure from the address locked it
    assert sign_in(attacker, "target0", PASSWORD).status_code == 429


# --- The feedback rate limit counts by the same address --------------------------------------


@pytest.mark.django_db
@override_settings(PROXY_COUNT=1)
def test_feedback_rate_limit_counts_each_reader_behind_the_proxy():
    cache.clear()
    url = f"/articles/{published_article().slug}/feedback/"
    noisy = through_proxy("203.0.113.66")
    statuses = [noisy.post(url, {"helpful": "yes"}).status_code for _ in range(6)]
    assert statuses[-1] == 429 and statuses[:5].count(429) == 0, statuses
    # A forged header does not make the same reader new.
    assert through_proxy("203.0.113.66", typed_by_client="192.0.2.1").post(url, {"helpful": "no"}).status_code == 429
    # Another reader behind the same proxy is not limited.
    assert through_proxy("198.51.100.20").post(url, {"helpful": "yes"}).status_code != 429

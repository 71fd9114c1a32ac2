"""The checker's answer cookie is sealed: whoever sees it cannot read it,
whoever edits it gets a calm fresh start, and a key rotation does not throw
away a check in progress (checker/sealing.py)."""

import base64
import binascii
import re
import zlib

import pytest
from django.core import signing
from django.test import Client, override_settings
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from checker import sealing, storage

pytestmark = pytest.mark.django_db

OLD_KEY = "an-old-secret-key-that-was-rotated-out-0123456789-abcdefghijklmnop"
NEW_KEY = "the-new-secret-key-after-rotation-0123456789-abcdefghijklmnopqrstu"
CHECKBOX = re.compile(r'<input[^>]*type="checkbox"[^>]*name="([^"]+)"[^>]*>')


def answer_first_question(client):
    """Start a check and tick the first box of its first page, as a reader
    would. Returns the run id, the page's address and the ticked answer."""
    started = client.post("/check/start/")
    step_url = started["Location"]
    run_id = step_url.strip("/").split("/")[1]
    ticked = CHECKBOX.findall(client.get(step_url).content.decode())[0]
    client.post(step_url, {ticked: "yes"})
    return run_id, step_url, ticked


def is_ticked(page, name):
    tag = re.search(rf'<input[^>]*name="{re.escape(name)}"[^>]*>', page).group(0)
    return " checked" in tag


def every_decoding(value):
    """What anyone holding the cookie could turn it into without a key: each
    piece between separators, base64-decoded, and inflated when it is zlib."""
    found = [value]
    for piece in re.split(r"[.:]", value):
        try:
            raw = base64.urlsafe_b64decode(piece + "=" * (-len(piece) % 4))
        except (binascii.Error, ValueError):
            continue
        found.append(raw.decode("latin-1"))
        try:
            found.append(zlib.decompress(raw).decode("latin-1"))
        except zlib.error:
            pass
    return found


def test_nobody_who_sees_the_cookie_can_read_the_answers(client):
    run_id, _, ticked = answer_first_question(client)
    value = client.cookies[storage.cookie_name(run_id)].value
    for decoded in every_decoding(value):
        assert ticked not in decoded
        assert '"a"' not in decoded and "true" not in decoded
    # Not even with the site's own key, the way a signed cookie opens.
    with pytest.raises(signing.BadSignature):
        signing.loads(value, salt=storage._salt(run_id))


def test_the_sealed_cookie_still_remembers_the_answers(client):
    run_id, step_url, ticked = answer_first_question(client)
    assert is_ticked(client.get(step_url).content.decode(), ticked)


@hypothesis_settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(position=st.integers(min_value=0), replacement=st.sampled_from("AZaz09-_=.!%"), cut=st.booleans())
def test_an_edited_cookie_is_refused_calmly(position, replacement, cut):
    client = Client()
    run_id, step_url, ticked = answer_first_question(client)
    value = client.cookies[storage.cookie_name(run_id)].value
    position %= len(value)
    edited = value[:position] if cut else value[:position] + replacement + value[position + 1 :]
    if edited == value or not edited:
        return  # unchanged, or no cookie at all (a fresh start, not an edit)
    client.cookies[storage.cookie_name(run_id)] = edited
    response = client.get(step_url)
    assert response.status_code == 200  # a page explaining it, never a 500
    assert "We could not use the answers your browser sent" in response.content.decode()
    assert response.cookies[storage.cookie_name(run_id)]["max-age"] == 0  # and the bad cookie is gone


def test_a_cookie_sealed_with_the_previous_key_still_opens_after_a_rotation(client):
    with override_settings(SECRET_KEY=OLD_KEY):
        run_id, step_url, ticked = answer_first_question(client)
    with override_settings(SECRET_KEY=NEW_KEY, SECRET_KEY_FALLBACKS=[OLD_KEY]):
        page = client.get(step_url).content.decode()
        assert is_ticked(page, ticked)
        client.post(step_url, {ticked: "yes"})  # saved again: now with the new key
    with override_settings(SECRET_KEY=NEW_KEY, SECRET_KEY_FALLBACKS=[]):
        assert is_ticked(client.get(step_url).content.decode(), ticked)


def test_a_cookie_sealed_with_a_retired_key_is_refused(client):
    with override_settings(SECRET_KEY=OLD_KEY):
        run_id, step_url, _ = answer_first_question(client)
    with override_settings(SECRET_KEY=NEW_KEY, SECRET_KEY_FALLBACKS=[]):
        assert "We could not use the answers your browser sent" in client.get(step_url).content.decode()


# --- The sealing functions themselves --------------------------------------------------------


def test_seal_and_unseal_round_trip_only_for_the_same_purpose():
    token = sealing.seal({"a": {"chest_pain": True}}, "purpose-one")
    assert "=" not in token and ";" not in token  # cookie-safe, nothing to quote
    assert sealing.unseal(token, "purpose-one", max_age=60) == {"a": {"chest_pain": True}}
    with pytest.raises(sealing.Unsealable):
        sealing.unseal(token, "purpose-two", max_age=60)


def test_an_old_sealed_value_is_refused():
    import time

    token = sealing.seal([1, 2], "p", now=time.time() - 120)
    assert sealing.unseal(token, "p", max_age=180) == [1, 2]
    with pytest.raises(sealing.Unsealable):
        sealing.unseal(token, "p", max_age=60)


@pytest.mark.parametrize("garbage", ["", "x", "not a cookie", "é", "gAAAAA", "!!!!", "a" * 5000])
def test_garbage_is_unsealable_not_an_error(garbage):
    with pytest.raises(sealing.Unsealable):
        sealing.unseal(garbage, "p", max_age=60)

"""Staff reset their own password: Django's views, rate-limited, and never
saying whether an account exists."""

import re

import pytest
from django.core import mail
from django.core.cache import cache
from django.test import Client, override_settings

from tests.factories import UserFactory, editor, reviewer

pytestmark = pytest.mark.django_db

RESET = "/admin/password-reset/"
NEW_PASSWORD = "a-brand-new-long-passphrase-42"


@pytest.fixture(autouse=True)
def _fresh_limits():
    cache.clear()


def ask(client, email):
    return client.post(RESET, {"email": email})


def test_the_sign_in_page_offers_a_password_reset(client):
    page = client.get("/admin/login/").content.decode()
    assert f'href="{RESET}"' in page


def test_a_reviewer_resets_their_password_from_the_email(client):
    user = reviewer(username="dr-reset", email="dr.reset@example.org")
    response = ask(client, "dr.reset@example.org")
    assert response.status_code == 302
    sent_page = client.get(response["Location"]).content.decode()
    assert "if an account exists with the email you entered" in sent_page
    (email,) = mail.outbox
    assert email.to == ["dr.reset@example.org"]
    link = re.search(r"https?://\S+/admin/password-reset/\S+/\S+/", email.body).group(0)
    assert link.startswith("http://127.0.0.1:8000/")  # SITE_URL, not the request's Host
    form_page = client.get(link.split("127.0.0.1:8000", 1)[1], follow=True)
    assert form_page.status_code == 200
    set_url = form_page.redirect_chain[-1][0]
    done = client.post(set_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert done.status_code == 302
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    # The link works once.
    assert "invalid" in Client().get(link.split("127.0.0.1:8000", 1)[1], follow=True).content.decode().lower()


def test_the_answer_is_the_same_whether_or_not_an_account_exists(client):
    editor(username="known", email="known@example.org")
    UserFactory(username="reader", email="reader@example.org", is_staff=False).save()
    answers = {}
    for email in ["known@example.org", "nobody@example.org", "reader@example.org"]:
        response = ask(Client(), email)
        answers[email] = (response.status_code, response["Location"], Client().get(response["Location"]).content)
    assert len(set(answers.values())) == 1, answers
    # Only the staff account got an email; nobody else was told anything.
    assert [m.to for m in mail.outbox] == [["known@example.org"]]


def test_the_email_link_ignores_a_forged_host_header():
    editor(username="hosted", email="hosted@example.org")
    with override_settings(ALLOWED_HOSTS=["testserver", "evil.example"]):
        Client().post(RESET, {"email": "hosted@example.org"}, HTTP_HOST="evil.example")
    (email,) = mail.outbox
    assert "evil.example" not in email.body


@override_settings(PROXY_COUNT=1)
def test_requests_from_one_address_are_limited():
    editor(username="flooded", email="flooded@example.org")
    attacker = Client(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.66")
    statuses = [ask(attacker, f"guess{n}@example.org").status_code for n in range(6)]
    assert statuses == [302] * 5 + [429]
    limited = ask(attacker, "flooded@example.org")
    assert limited.status_code == 429
    assert "Too many password reset requests" in limited.content.decode()
    assert mail.outbox == []
    # Someone else, behind the same proxy, is not limited.
    other = Client(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.20")
    assert ask(other, "flooded@example.org").status_code == 302
    assert len(mail.outbox) == 1


def test_one_inbox_gets_at_most_three_emails_an_hour():
    editor(username="inbox", email="inbox@example.org")
    for n in range(5):
        client = Client(REMOTE_ADDR=f"198.51.100.{n + 1}")
        response = ask(client, "inbox@example.org")
        assert response.status_code == 302  # the same answer every time
    assert len(mail.outbox) == 3

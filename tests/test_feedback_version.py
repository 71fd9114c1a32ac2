"""Each answer keeps the approved version the reader saw: the article page's
Yes/No form names its version, the feedback page carries it to its POST,
and it is stored only if it is a version of that article readers could have
seen. Anything else is kept as "unknown", never refused and never a 500."""

import re

import pytest
from django.test import Client

from articles.models import Feedback, Revision
from tests.factories import published_article
from tests.feedback_factories import approve_again, utc

pytestmark = pytest.mark.django_db

URL = "/articles/night-cramps/"
FEEDBACK_URL = "/articles/night-cramps/feedback/"


@pytest.fixture
def article():
    return published_article(title="Night-time leg cramps", slug="night-cramps")


def form_fields(page, method):
    """The hidden fields a browser would send from the page's `method` form to the feedback page."""
    forms = re.findall(r"<form\b[^>]*>.*?</form>", page, flags=re.S)
    [form] = [f for f in forms if f'method="{method}"' in f and f'action="{FEEDBACK_URL}"' in f]
    fields = {}
    for tag in re.findall(r'<input\b[^>]*type="hidden"[^>]*>', form):
        value = re.search(r'\svalue="([^"]*)"', tag)
        fields[re.search(r'\sname="([^"]+)"', tag).group(1)] = value.group(1) if value else ""
    return fields


def answer_from_the_article_page(client, helpful="no", comment="Clear enough."):
    """What a reader does: Yes/No on the article, then "Send feedback"."""
    on_article = form_fields(client.get(URL).content.decode(), "get")
    feedback_page = client.get(FEEDBACK_URL, {**on_article, "helpful": helpful}).content.decode()
    fields = form_fields(feedback_page, "post")
    fields.pop("csrfmiddlewaretoken", None)
    response = client.post(FEEDBACK_URL, {**fields, "helpful": helpful, "comment": comment})
    assert response.status_code == 302, response.content.decode()[:500]
    return Feedback.objects.latest("pk")


def test_the_article_page_names_its_live_version(client, article):
    assert form_fields(client.get(URL).content.decode(), "get") == {"version": "1"}


def test_the_answer_keeps_the_version_the_reader_saw(client, article):
    feedback = answer_from_the_article_page(client)
    assert feedback.revision == article.live
    assert feedback.revision.number == 1


def test_after_a_new_approval_the_page_and_the_answers_name_the_new_version(
    client, article, django_capture_on_commit_callbacks
):
    answer_from_the_article_page(client, "yes")
    with django_capture_on_commit_callbacks(execute=True):  # the page cache is emptied on commit
        approve_again(article, utc(2026, 11, 20, 9))
    assert form_fields(client.get(URL).content.decode(), "get") == {"version": "2"}
    answer_from_the_article_page(client, "no")
    assert list(Feedback.objects.order_by("pk").values_list("revision__number", "helpful")) == [(1, True), (2, False)]


def test_a_reader_still_on_an_older_page_is_counted_for_that_version(client, article):
    approve_again(article, utc(2026, 11, 20, 9))
    client.post(FEEDBACK_URL, {"helpful": "yes", "version": "1"})
    assert Feedback.objects.get().revision == Revision.objects.get(article=article, number=1)


def test_the_feedback_page_carries_the_version_to_its_form(client, article):
    page = client.get(FEEDBACK_URL, {"helpful": "yes", "version": "1"}).content.decode()
    assert form_fields(page, "post")["version"] == "1"


def test_a_form_shown_again_after_a_mistake_keeps_the_version(client, article):
    refused = client.post(FEEDBACK_URL, {"comment": "No choice made", "version": "1"})
    assert refused.status_code == 400
    assert form_fields(refused.content.decode(), "post")["version"] == "1"


@pytest.mark.parametrize(
    "version",
    ["", "0", "-1", "1.0", "abc", "٣", "2", "99", "99999999999999999999", "1" * 5000, "<script>", "1 OR 1=1"],
)
def test_a_version_that_is_not_one_readers_saw_is_stored_as_unknown(client, article, version):
    response = client.post(FEEDBACK_URL, {"helpful": "yes", "comment": "Still counted.", "version": version})
    assert response.status_code == 302
    feedback = Feedback.objects.get()
    assert (feedback.helpful, feedback.comment, feedback.revision) == (True, "Still counted.", None)


def test_another_articles_version_is_unknown_here(client, article):
    other = published_article(slug="other")
    approve_again(other, utc(2026, 11, 20, 9))  # "other" has a version 2; this article has not
    client.post(FEEDBACK_URL, {"helpful": "no", "version": "2"})
    assert Feedback.objects.get().revision is None


def test_the_version_stored_is_this_articles_own():
    older = published_article(slug="older")  # its version 1 was made first
    article = published_article(title="Night-time leg cramps", slug="night-cramps")
    Client().post(FEEDBACK_URL, {"helpful": "no", "version": "1"})
    assert Feedback.objects.get().revision == article.live != older.live


def test_a_version_scheduled_for_later_is_unknown_until_it_is_live(client, article):
    later = Revision.objects.create(**{
        field.name: getattr(article.live, field.name)
        for field in Revision._meta.concrete_fields if field.name not in ("id", "number")
    }, number=2)  # fmt: skip
    article.scheduled = later
    article.save(update_fields=["scheduled"])
    client.post(FEEDBACK_URL, {"helpful": "no", "version": "2"})
    assert Feedback.objects.get().revision is None


def test_an_answer_without_a_version_is_stored_as_unknown(client, article):
    """A page cached before versions were kept sends none."""
    assert client.post(FEEDBACK_URL, {"helpful": "yes"}).status_code == 302
    assert Feedback.objects.get().revision is None


@pytest.mark.parametrize("version", ["<script>alert(1)</script>", "1\" autofocus onfocus=\"x", "12abc"])
def test_the_feedback_page_does_not_carry_a_tampered_version(client, article, version):
    response = client.get(FEEDBACK_URL, {"helpful": "yes", "version": version})
    assert response.status_code == 200
    assert form_fields(response.content.decode(), "post")["version"] == ""
    assert "<script>alert" not in response.content.decode()

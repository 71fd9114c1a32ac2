"""“Was this page helpful?”: Yes and No on the article lead to a small
feedback page (plain HTML, no JavaScript needed) that stores yes/no and an
optional comment, nothing about the reader, and is protected by CSRF and a
rate limit of 5 accepted answers per 10 minutes per client."""

import re
import time

import pytest
from django.core.cache import cache
from django.test import Client

from articles import page_generation
from articles.models import Feedback, Status
from tests.factories import ArticleFactory, editor, published_article

pytestmark = pytest.mark.django_db

URL = "/articles/night-cramps/"
POST_URL = "/articles/night-cramps/feedback/"
FEEDBACK_URL = POST_URL  # the page, by GET; the answer, by POST
THANKS_URL = "/articles/night-cramps/feedback/thanks/"


@pytest.fixture(autouse=True)
def fresh_caches():
    """The rate limit and the page cache live in the cache: start empty."""
    page_generation.forget()
    cache.clear()
    yield
    page_generation.forget()


@pytest.fixture
def article():
    return published_article(title="Night-time leg cramps", slug="night-cramps")


def page_token(response):
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', response.content.decode()).group(1)


def checked_answers(page):
    """The values of the checked "helpful" radios, whatever the attribute order."""
    radios = [tag for tag in re.findall(r"<input\b[^>]*>", page) if 'name="helpful"' in tag]
    return [re.search(r'value="([^"]+)"', tag).group(1) for tag in radios if re.search(r"\schecked\b", tag)]


def main_text(response):
    from django.utils.html import strip_tags

    main = re.search(r"<main\b.*?</main>", response.content.decode(), flags=re.S).group(0)
    return " ".join(strip_tags(main).split())


# --- Answers are stored ---------------------------------------------------------


def test_yes_with_a_comment_is_stored_and_the_reader_is_thanked(client, article):
    response = client.post(POST_URL, {"helpful": "yes", "comment": "  Clear and short.  "})
    assert response.status_code == 302
    assert response["Location"] == THANKS_URL
    [feedback] = Feedback.objects.all()
    assert feedback.article == article
    assert feedback.helpful is True
    assert feedback.comment == "Clear and short."

    thanks = client.get(THANKS_URL)
    assert thanks.status_code == 200
    assert "Thank you for your feedback" in main_text(thanks)
    assert f'href="{URL}"' in thanks.content.decode()


def test_no_without_a_comment_is_stored(client, article):
    response = client.post(POST_URL, {"helpful": "no"})
    assert response.status_code == 302
    [feedback] = Feedback.objects.all()
    assert (feedback.article, feedback.helpful, feedback.comment) == (article, False, "")


def test_feedback_goes_to_the_article_it_was_sent_from(client, article):
    other = published_article(slug="other")
    client.post(f"/articles/{other.slug}/feedback/", {"helpful": "yes"})
    client.post(POST_URL, {"helpful": "no"})
    assert list(Feedback.objects.filter(article=other).values_list("helpful", flat=True)) == [True]
    assert list(Feedback.objects.filter(article=article).values_list("helpful", flat=True)) == [False]


def test_a_comment_of_exactly_500_characters_is_accepted(client, article):
    response = client.post(POST_URL, {"helpful": "yes", "comment": "x" * 500})
    assert response.status_code == 302
    assert len(Feedback.objects.get().comment) == 500


# --- Mistakes re-show the form ---------------------------------------------------


def test_missing_answer_reshows_the_form_with_the_error_where_the_reader_is(client, article):
    response = client.post(POST_URL, {"comment": "Keep this text"})
    assert response.status_code == 400
    page = response.content.decode()
    text = main_text(response)
    assert "There is a problem" in text
    assert "Choose Yes or No." in text
    assert "Night-time leg cramps" in text  # still about the same article
    assert "Keep this text</textarea>" in page  # nothing typed is lost
    # A screen reader user hears the problem as soon as the page loads ...
    assert "<title>Error: Feedback on “Night-time leg cramps”" in page
    # ... and the error summary, first in the page, takes the focus (no script needed).
    summary = re.search(r'<div class="error-summary"[^>]*>', page).group(0)
    assert "autofocus" in summary and 'tabindex="-1"' in summary
    assert page.index('class="error-summary"') < page.index("<h1")
    assert Feedback.objects.count() == 0


@pytest.mark.parametrize("answer", ["maybe", "", "YES", "1"])
def test_an_answer_other_than_yes_or_no_is_refused(client, article, answer):
    response = client.post(POST_URL, {"helpful": answer})
    assert response.status_code == 400
    assert "Choose Yes or No." in main_text(response)
    assert Feedback.objects.count() == 0


def test_a_comment_over_500_characters_is_refused(client, article):
    response = client.post(POST_URL, {"helpful": "yes", "comment": "x" * 501})
    assert response.status_code == 400
    assert "Keep your comment to 500 characters or fewer." in main_text(response)
    assert Feedback.objects.count() == 0


def test_the_reshown_form_carries_a_working_csrf_token(article):
    reader = Client(enforce_csrf_checks=True)
    token = page_token(reader.get(FEEDBACK_URL))
    refused = reader.post(POST_URL, {"helpful": "", "csrfmiddlewaretoken": token})
    assert refused.status_code == 400
    second_token = page_token(refused)
    assert reader.post(POST_URL, {"helpful": "yes", "csrfmiddlewaretoken": second_token}).status_code == 302
    assert Feedback.objects.count() == 1


# --- The feedback page -------------------------------------------------------------


@pytest.mark.parametrize("answer", ["yes", "no"])
def test_the_articles_button_opens_the_feedback_page_with_the_answer_chosen(client, article, answer):
    response = client.get(FEEDBACK_URL, {"helpful": answer})
    assert response.status_code == 200
    page = response.content.decode()
    assert checked_answers(page) == [answer]
    assert "Feedback on “Night-time leg cramps” Was this page helpful?" in main_text(response)
    assert re.search(r'<textarea[^>]* name="comment"', page)
    assert Feedback.objects.count() == 0  # opening the page stores nothing


def test_the_feedback_page_ignores_an_answer_it_does_not_know(client, article):
    page = client.get(FEEDBACK_URL, {"helpful": "maybe"}).content.decode()
    assert checked_answers(page) == []


# --- CSRF -----------------------------------------------------------------------------


def test_a_post_without_the_csrf_token_is_refused(article):
    reader = Client(enforce_csrf_checks=True)
    reader.get(FEEDBACK_URL)  # has the cookie, but sends no token
    response = reader.post(POST_URL, {"helpful": "yes"})
    assert response.status_code == 403
    assert Feedback.objects.count() == 0


def test_a_post_with_a_wrong_csrf_token_is_refused(article):
    reader = Client(enforce_csrf_checks=True)
    reader.get(FEEDBACK_URL)
    response = reader.post(POST_URL, {"helpful": "yes", "csrfmiddlewaretoken": "x" * 64})
    assert response.status_code == 403
    assert Feedback.objects.count() == 0


def test_a_post_with_the_token_from_the_page_is_accepted(article):
    reader = Client(enforce_csrf_checks=True)
    page = reader.get(FEEDBACK_URL)
    assert "csrftoken" in page.cookies  # the page set the cookie the token belongs to
    response = reader.post(POST_URL, {"helpful": "yes", "csrfmiddlewaretoken": page_token(page)})
    assert response.status_code == 302
    assert Feedback.objects.get().helpful is True


# --- Rate limit ------------------------------------------------------------------


def test_the_sixth_answer_within_ten_minutes_is_refused(client, article):
    for n in range(5):
        assert client.post(POST_URL, {"helpful": "yes", "comment": f"answer {n}"}).status_code == 302
    response = client.post(POST_URL, {"helpful": "yes", "comment": "answer 6"})
    assert response.status_code == 429
    assert "Please wait before sending more feedback" in main_text(response)
    assert Feedback.objects.count() == 5


def test_refused_tries_do_not_count_towards_the_limit(client, article):
    for _ in range(7):  # "Send feedback" without choosing, again and again
        assert client.post(POST_URL, {"comment": "no choice"}).status_code == 400
    for n in range(5):
        assert client.post(POST_URL, {"helpful": "yes", "comment": f"answer {n}"}).status_code == 302
    assert client.post(POST_URL, {"helpful": "yes"}).status_code == 429
    assert Feedback.objects.count() == 5


def test_over_the_limit_a_mistake_still_shows_the_mistake(client, article):
    for _ in range(5):
        client.post(POST_URL, {"helpful": "no"})
    assert client.post(POST_URL, {"comment": "no choice"}).status_code == 400


def test_the_limit_counts_answers_to_any_article(client, article):
    other = published_article(slug="other")
    for n in range(5):
        target = POST_URL if n % 2 else f"/articles/{other.slug}/feedback/"
        assert client.post(target, {"helpful": "no"}).status_code == 302
    assert client.post(f"/articles/{other.slug}/feedback/", {"helpful": "no"}).status_code == 429


def test_the_limit_is_per_client(article):
    first = Client(REMOTE_ADDR="198.51.100.1")
    second = Client(REMOTE_ADDR="198.51.100.2")
    for _ in range(5):
        first.post(POST_URL, {"helpful": "yes"})
    assert first.post(POST_URL, {"helpful": "yes"}).status_code == 429
    assert second.post(POST_URL, {"helpful": "yes"}).status_code == 302
    assert Feedback.objects.count() == 6


def test_the_limit_lifts_after_ten_minutes(client, article, monkeypatch):
    for _ in range(5):
        client.post(POST_URL, {"helpful": "yes"})
    assert client.post(POST_URL, {"helpful": "yes"}).status_code == 429
    later = time.time() + 601
    monkeypatch.setattr(time, "time", lambda: later)  # the cache's clock
    assert client.post(POST_URL, {"helpful": "yes"}).status_code == 302
    assert Feedback.objects.count() == 6


# --- Nothing personal is kept -------------------------------------------------------


def test_feedback_has_no_personal_data_fields():
    names = {field.name for field in Feedback._meta.get_fields()}
    # The version is the text the reader saw, the same for every reader of it.
    assert names == {"id", "article", "helpful", "comment", "created_at", "revision"}


def test_nothing_about_the_reader_is_stored(article):
    reader = Client(REMOTE_ADDR="203.0.113.77", HTTP_USER_AGENT="Reader-Browser/1.0")
    reader.post(POST_URL, {"helpful": "yes", "comment": "Useful."})
    row = Feedback.objects.values().get()
    assert set(row) == {"id", "article_id", "helpful", "comment", "created_at", "revision_id"}
    # The rate limit remembers a salted hash, not the address.
    assert not any("203.0.113.77" in str(key) for key in cache._cache)


# --- What can be answered ---------------------------------------------------------------


@pytest.mark.parametrize("status", [Status.DRAFT, Status.IN_REVIEW, Status.ARCHIVED])
def test_no_feedback_on_unpublished_or_archived_articles(client, status):
    if status == Status.ARCHIVED:
        hidden = published_article(slug="hidden")
        hidden.status = Status.ARCHIVED
        hidden.save()
    else:
        ArticleFactory(slug="hidden", status=status)
    response = client.post("/articles/hidden/feedback/", {"helpful": "yes"})
    assert response.status_code == 404
    assert Feedback.objects.count() == 0


def test_the_feedback_address_takes_get_and_post_only(client, article):
    assert client.get(FEEDBACK_URL).status_code == 200
    assert client.put(POST_URL, {"helpful": "yes"}).status_code == 405
    assert client.delete(POST_URL).status_code == 405


def test_the_feedback_works_as_plain_html_forms(client, article):
    """No JavaScript: the article's GET form, then the feedback page's POST form."""
    page = client.get(URL).content.decode()
    section = page[page.index('id="feedback-heading"'):]
    buttons = re.search(r"<form\b[^>]*>.*?</form>", section, flags=re.S).group(0)
    assert 'method="get"' in buttons and f'action="{FEEDBACK_URL}"' in buttons
    # The only script on the article is data for search engines, never code.
    assert re.findall(r"<script\b[^>]*>", page) == ['<script type="application/ld+json">']
    answer = re.findall(r'<button type="submit" name="helpful" value="([^"]+)"', buttons)[1]  # "No"
    form_page = client.get(FEEDBACK_URL, {"helpful": answer}).content.decode()
    form = re.search(r'<form\b[^>]*method="post"[^>]*>.*?</form>', form_page, flags=re.S).group(0)
    assert f'action="{POST_URL}"' in form and '<button type="submit"' in form
    fields = dict(re.findall(r'<input[^>]*type="hidden" name="([^"]+)" value="([^"]*)"', form))
    [fields["helpful"]] = checked_answers(form)
    fields["comment"] = "From the form as it is."
    assert client.post(POST_URL, fields).status_code == 302
    assert Feedback.objects.get().helpful is False


# --- Editors see the counts ---------------------------------------------------------


def test_editors_see_helpful_counts_in_the_article_list(client, article):
    other = published_article(title="Statins and cramps", slug="statins")
    for helpful, target in [(True, article), (True, article), (False, article), (False, other)]:
        Feedback.objects.create(article=target, helpful=helpful)
    client.force_login(editor())
    response = client.get("/admin/articles/article/")
    assert response.status_code == 200
    page = response.content.decode()
    headers = [re.sub(r"<[^>]+>", "", h).strip() for h in re.findall(r'<th scope="col".*?</th>', page, flags=re.S)]
    assert "Helpful" in headers and "Not helpful" in headers
    rows = {
        title: (helpful, not_helpful)
        for title, helpful, not_helpful in re.findall(
            r'<tr>.*?<a href="/admin/articles/article/\d+/change/">([^<]+)</a>.*?'
            r'<td class="field-helpful_count">(\d+)</td><td class="field-not_helpful_count">(\d+)</td>',
            page,
            flags=re.S,
        )
    }
    assert rows == {"Night-time leg cramps": ("2", "1"), "Statins and cramps": ("0", "1")}


def test_editors_read_the_comments_in_the_admin_but_cannot_change_them(client, article):
    answer = Feedback.objects.create(article=article, helpful=False, comment="The stretch diagram is unclear.")
    client.force_login(editor())
    listing = client.get("/admin/articles/feedback/", {"helpful__exact": "0"})
    assert listing.status_code == 200
    assert "The stretch diagram is unclear." in listing.content.decode()
    assert "/admin/articles/feedback/add/" not in listing.content.decode()
    assert client.get("/admin/articles/feedback/add/").status_code == 403
    assert client.post(f"/admin/articles/feedback/{answer.pk}/change/", {"comment": "Edited"}).status_code == 403
    Feedback.objects.get(comment="The stretch diagram is unclear.")

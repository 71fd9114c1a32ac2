"""Every save is a version: compare any two, restore one as a new edit, and the timeline."""

import html

import pytest

from articles.models import Status
from articles.workflow import perform
from tests.admin_pages import (
    as_user,
    change_url,
    diff_changes,
    messages_on,
    open_change_form,
    workflow_url,
)
from tests.factories import editor, published_article, reviewer

pytestmark = pytest.mark.django_db


def save_summaries(client, article, *summaries):
    for summary in summaries:
        data = open_change_form(client, article)
        data["summary"] = summary
        assert client.post(change_url(article), data).status_code == 302
    return list(article.versions.order_by("number"))


def restore(client, article, source):
    article.refresh_from_db()
    return client.post(
        f"/admin/articles/article/{article.pk}/restore/",
        {"source": source, "edit_version": article.edit_version},
        follow=True,
    )


def test_any_two_saved_versions_can_be_compared(client):
    article = published_article()
    as_user(client, editor())
    first, second = save_summaries(client, article, "First try.", "Second try.")
    page = client.get(workflow_url(article), {"old": f"v{first.number}", "new": f"v{second.number}"}).content.decode()
    assert f"Saved version {first.number}" in page
    assert [(old, new) for old, new, _, _ in diff_changes(page)["Summary"]] == [("First try.", "Second try.")]


def test_an_unknown_version_in_the_address_falls_back_to_live_against_the_working_copy(client):
    article = published_article()
    as_user(client, editor())
    response = client.get(workflow_url(article), {"old": "v999", "new": "<script>"})
    assert response.status_code == 200
    assert "Live (version 1) → Pending (working copy)" in html.unescape(response.content.decode())


def test_restoring_a_saved_version_makes_it_the_working_copy_as_a_new_audited_edit(client):
    writer = editor()
    article = published_article()
    as_user(client, writer)
    first, second = save_summaries(client, article, "The wording we want back.", "A worse wording.")

    response = restore(client, article, f"v{first.number}")
    assert any(m.startswith(f"Saved version {first.number}") and "is the working copy again" in m
               for m in messages_on(response))  # fmt: skip
    article.refresh_from_db()
    assert article.summary == "The wording we want back."
    latest = article.versions.order_by("-number").first()
    assert latest.number == second.number + 1 and latest.saved_by == writer
    assert latest.note.startswith(f"Restored from saved version {first.number}")
    assert article.status == Status.DRAFT and article.live.number == 1  # readers see nothing new
    assert writer in article.contributors.all()
    assert "Restored from saved version" in html.unescape(client.get(change_url(article)).content.decode())


def test_restoring_the_live_version_discards_the_draft_but_keeps_it_in_the_history(client):
    article = published_article()
    live_summary = article.summary
    as_user(client, editor())
    [draft] = save_summaries(client, article, "A draft nobody wants.")
    restore(client, article, "live")
    article.refresh_from_db()
    assert article.summary == live_summary
    assert article.versions.filter(pk=draft.pk, summary="A draft nobody wants.").exists()
    assert [r.key for r in article.references.all()] == ["allen2012"]


def test_a_reviewer_cannot_restore_and_is_not_offered_it(client):
    article = published_article()
    as_user(client, editor())
    save_summaries(client, article, "Edited.")
    as_user(client, reviewer())
    page = client.get(workflow_url(article), {"old": "live"}).content.decode()
    assert "as the working copy</button>" not in page
    response = restore(client, article, "live")
    assert messages_on(response) == ["You do not have permission to restore an older version."]
    article.refresh_from_db()
    assert article.summary == "Edited."


def test_nothing_is_restored_over_text_a_reviewer_holds(client):
    writer = editor()
    article = published_article()
    as_user(client, writer)
    save_summaries(client, article, "Under review.")
    perform(article, writer, "submit")
    perform(article, reviewer(), "start_review")
    response = restore(client, article, "live")
    assert messages_on(response)[-1] == (
        "A reviewer has this article now, so it cannot be changed. Ask them to send it back first."
    )
    article.refresh_from_db()
    assert (article.status, article.summary) == (Status.IN_REVIEW, "Under review.")


def test_the_timeline_shows_edits_and_steps_together_in_order(client):
    writer = editor(username="tl-writer")
    article = published_article()
    as_user(client, writer)
    save_summaries(client, article, "Edited once.")
    page = html.unescape(client.get(change_url(article)).content.decode())
    timeline = page[page.index('<ol class="timeline">'):]
    assert timeline.index("Draft → Approved (published)") < timeline.index("edited by tl-writer")

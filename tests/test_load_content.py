"""`manage.py load_content`: the bundled articles become approved versions.

Each test writes its own small Markdown files to a temporary folder in the
documented format (TOML front matter between +++ lines), so these tests do
not depend on what is in articles/content/.
"""

import datetime
from io import StringIO

import pytest
from django.core import serializers
from django.core.management import CommandError, call_command

from articles.models import Article, Reference, Revision, Status, Transition
from articles.workflow import perform
from tests.factories import bundled_file, editor, reviewer

pytestmark = pytest.mark.django_db

MODELS = [Article, Revision, Transition, Reference]


def load(directory):
    out, err = StringIO(), StringIO()
    call_command("load_content", "--dir", str(directory), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def dump():
    """Every row of the content tables, every column."""
    rows = {}
    for model in MODELS:
        rows[model.__name__] = serializers.serialize("python", model.objects.order_by("pk"))
    # Many-to-many links (related articles, contributors) too.
    rows["links"] = [
        (a.pk, sorted(a.related.values_list("pk", flat=True)), sorted(a.contributors.values_list("pk", flat=True)))
        for a in Article.objects.order_by("pk")
    ]
    return rows


@pytest.fixture
def content(tmp_path):
    bundled_file(tmp_path, "what-is-a-leg-cramp", related=["night-cramps"])
    bundled_file(tmp_path, "night-cramps", body="## At night\n\nCramps often come at night [ref:allen2012].\n",
                 related=["what-is-a-leg-cramp"])  # fmt: skip
    bundled_file(tmp_path, "no-sources", body="A page with no references.\n", references=False)
    return tmp_path


def test_the_first_run_publishes_every_file(content):
    out, err = load(content)
    assert "created: 3" in out and err == ""
    assert Article.objects.count() == 3
    article = Article.objects.get(slug="night-cramps")
    assert article.status == Status.APPROVED and article.is_published
    live = article.live
    assert (live.number, live.reviewer_name, live.reviewed_on) == (1, "Dr A. Example, GP", datetime.date(2025, 1, 15))
    assert live.next_review_due == datetime.date(2028, 1, 15)
    assert 'href="#ref-1"' in live.body_html
    assert [r.key for r in article.references.all()] == ["allen2012"]
    assert live.related_slugs == ["what-is-a-leg-cramp"]
    step = article.transitions.get()
    assert (step.action, step.to_status, step.by, step.revision) == ("import", Status.APPROVED, None, live)
    saved = article.versions.get()
    assert (saved.saved_by, saved.body, saved.note) == (None, live.body, step.comment)
    assert "night-cramps.md" in step.comment


def test_running_twice_leaves_the_same_database(content):
    load(content)
    before = dump()
    counts = {model.__name__: model.objects.count() for model in MODELS}

    out, err = load(content)

    assert "created: 0" in out and "updated: 0" in out and "unchanged: 3" in out and "skipped: 0" in out
    assert {model.__name__: model.objects.count() for model in MODELS} == counts
    assert dump() == before
    assert Revision.objects.count() == 3 and Transition.objects.count() == 3


def test_a_changed_file_becomes_a_new_approved_version_with_history_kept(content):
    load(content)
    article = Article.objects.get(slug="what-is-a-leg-cramp")
    first = article.live
    bundled_file(content, "what-is-a-leg-cramp", related=["night-cramps"], reviewed_on="2026-02-01",
                 body="A cramp is a sudden pain that stops you moving the muscle [ref:allen2012].\n")  # fmt: skip

    out, _ = load(content)

    assert "updated: 1 (what-is-a-leg-cramp)" in out and "unchanged: 2" in out
    article.refresh_from_db()
    assert article.revisions.count() == 2
    assert article.live.number == 2 and article.live.pk != first.pk
    assert "stops you moving the muscle" in article.live.body_html
    assert article.live.reviewed_on == datetime.date(2026, 2, 1)
    # The old approved version is kept, unchanged.
    old = Revision.objects.get(pk=first.pk)
    assert old.number == 1 and "tight pain" in old.body
    assert [(t.action, t.from_status, t.to_status) for t in article.transitions.all()] == [
        ("import", "draft", "approved"),
        ("import", "approved", "approved"),
    ]
    assert [v.body for v in article.versions.order_by("number")] == [old.body, article.live.body]
    # And a third run changes nothing again.
    before = dump()
    load(content)
    assert dump() == before


def test_a_changed_reviewer_or_reference_is_a_new_version_too(content):
    load(content)
    bundled_file(content, "no-sources", body="A page with no references.\n", references=False,
                 reviewer="Leg Cramp Guide editorial team")  # fmt: skip
    out, _ = load(content)
    assert "updated: 1 (no-sources)" in out
    assert Article.objects.get(slug="no-sources").live.reviewer_name == "Leg Cramp Guide editorial team"


def test_an_article_with_edits_pending_in_the_admin_is_skipped(content):
    load(content)
    article = Article.objects.get(slug="what-is-a-leg-cramp")
    # An editor changes the working copy and sends it for review (as the admin does).
    writer = editor()
    article.body = "An editor's new text, waiting for review [ref:allen2012].\n"
    article.mark_edited()
    article.save()
    article.contributors.add(writer)
    perform(article, writer, "submit")
    bundled_file(content, "what-is-a-leg-cramp", related=["night-cramps"],
                 body="The file's new text [ref:allen2012].\n")  # fmt: skip

    out, err = load(content)

    assert "skipped: 1 (what-is-a-leg-cramp)" in out
    assert "edits in progress" in err
    article.refresh_from_db()
    assert article.status == Status.SUBMITTED
    assert article.body == "An editor's new text, waiting for review [ref:allen2012].\n"
    assert article.revisions.count() == 1
    assert "tight pain" in article.live.body
    assert article.contributors.get() == writer

    # Once the reviewer has dealt with it, the next run can update it again.
    checker = reviewer()
    perform(article, checker, "start_review")
    perform(article, checker, "approve")
    out, _ = load(content)
    assert "updated: 1 (what-is-a-leg-cramp)" in out
    article.refresh_from_db()
    assert article.revisions.count() == 3
    assert "The file's new text" in article.live.body


def test_a_file_with_a_broken_citation_is_refused_and_nothing_is_loaded(content):
    bundled_file(content, "broken", body="Cramps [ref:nosuchkey].\n")
    with pytest.raises(CommandError, match=r"broken\.md: \[ref:nosuchkey\] does not match any reference key"):
        load(content)
    assert Article.objects.count() == 0


def test_a_file_without_front_matter_is_refused(content):
    (content / "plain.md").write_text("# Just Markdown\n", encoding="utf-8")
    with pytest.raises(CommandError, match="must start with TOML front matter"):
        load(content)
    assert Article.objects.count() == 0


def test_a_failure_part_way_leaves_nothing_half_loaded(content):
    bundled_file(content, "zz-unknown-topic", category="no-such-topic")
    with pytest.raises(CommandError, match="unknown category 'no-such-topic'"):
        load(content)
    assert Article.objects.count() == 0 and Revision.objects.count() == 0


def test_a_pubmed_id_written_as_a_number_is_still_idempotent(tmp_path):
    path = bundled_file(tmp_path, "numeric-pmid")
    path.write_text(path.read_text().replace('pmid = "22963024"', "pmid = 22963024"), encoding="utf-8")
    load(tmp_path)
    before = dump()
    out, _ = load(tmp_path)
    assert "unchanged: 1" in out
    assert dump() == before

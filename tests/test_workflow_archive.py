"""Archiving safely: what links here, a replacement readers are sent to (301),
and the checker's advice never pointing at an article readers cannot see."""

import pytest
from django.core.management import call_command

from articles.links import checker_slugs, what_links_here
from articles.models import Article, Status
from articles.workflow import WorkflowError, perform
from tests.admin_pages import as_user, messages_on, post_transition, workflow_url
from tests.factories import published_article, reviewer

pytestmark = pytest.mark.django_db

CHECKER_LINKED = "leg-cramp-or-blood-clot"  # the emergency result's article (checker/advice.py)


def test_an_article_the_checker_links_to_cannot_be_archived_without_a_replacement():
    article = published_article(slug=CHECKER_LINKED)
    with pytest.raises(WorkflowError, match="The checker's advice links to this article"):
        perform(article, reviewer(), "archive", comment="Out of date.")
    article.refresh_from_db()
    assert article.is_published


def test_a_replacement_must_be_another_published_article():
    article = published_article(slug="old-advice")
    draft = published_article(slug="a-draft")
    perform(draft, reviewer(), "archive", comment="Withdrawn.")
    for replacement in (article, Article.objects.get(slug="a-draft")):
        with pytest.raises(WorkflowError, match="only be sent to another published article"):
            perform(article, reviewer(), "archive", comment="Replaced.", replacement=replacement)


def test_readers_of_an_archived_article_are_sent_to_its_replacement_with_a_301(client):
    old = published_article(slug=CHECKER_LINKED, title="Old clot advice")
    new = published_article(slug="cramp-or-clot-2027", title="New clot advice")
    perform(old, reviewer(), "archive", comment="Replaced by the 2027 article.", replacement=new)
    response = client.get(f"/articles/{CHECKER_LINKED}/")
    assert response.status_code == 301 and response["Location"] == f"/articles/{new.slug}/"
    assert client.get(response["Location"]).status_code == 200


def test_without_a_replacement_readers_are_told_it_was_withdrawn(client):
    old = published_article(slug="old-advice")
    perform(old, reviewer(), "archive", comment="Withdrawn.")
    assert client.get("/articles/old-advice/").status_code == 410


def test_a_new_approval_of_the_archived_article_stops_the_redirect(client):
    old = published_article(slug="old-advice")
    new = published_article(slug="new-advice")
    perform(old, reviewer(), "archive", comment="Replaced.", replacement=new)
    perform(old, reviewer(), "restore")
    from articles.workflow import publish

    publish(Article.objects.get(pk=old.pk), reviewer())
    assert client.get("/articles/old-advice/").status_code == 200


def test_what_links_here_lists_articles_that_link_or_relate_and_the_checker():
    target = published_article(slug=CHECKER_LINKED, title="Cramp or clot")
    linking = published_article(title="Calf pain", body="See [cramp or clot](/articles/leg-cramp-or-blood-clot/).\n",
                                references=False)  # fmt: skip
    relating = published_article(title="Night cramps")
    relating.related.add(target)
    published_article(title="Unrelated", body="See /articles/leg-cramp-or-blood-clot-2/ instead.\n", references=False)
    links = what_links_here(target)
    assert [a.title for a in links.articles] == ["Calf pain", "Night cramps"]
    assert links.checker[0].startswith("the advice of") and "sudden breathlessness" in links.checker[0]
    assert linking in links.articles


def test_the_archive_form_lists_what_links_here_and_offers_a_replacement(client):
    target = published_article(slug=CHECKER_LINKED, title="Cramp or clot")
    other = published_article(title="Calf pain", body="See /articles/leg-cramp-or-blood-clot/.\n", references=False)
    as_user(client, reviewer())
    page = client.get(workflow_url(target)).content.decode()
    section = page[page.index("What links here") :]
    assert f'href="{workflow_url(other)}">Calf pain</a>' in section
    assert "The checker’s advice: the advice of" in section
    assert f'<option value="{other.pk}">Calf pain</option>' in section

    response = post_transition(client, target, "archive", comment="Replaced.")
    assert messages_on(response)[0].startswith("The checker's advice links to this article")
    client.post(f"/admin/articles/article/{target.pk}/transition/",
                {"action": "archive", "comment": "Replaced.", "replacement": other.pk,
                 "edit_version": Article.objects.get(pk=target.pk).edit_version})  # fmt: skip
    target.refresh_from_db()
    assert target.status == Status.ARCHIVED and target.replaced_by == other


def test_every_link_in_the_checkers_advice_leads_to_a_published_article(client):
    """With the site's own articles loaded, each slug the checker may suggest
    is published, or redirects to a published replacement."""
    call_command("load_content", verbosity=0)
    for slug in sorted(checker_slugs()):
        response = client.get(f"/articles/{slug}/", follow=True)
        assert response.status_code == 200, slug

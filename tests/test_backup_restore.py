"""Backup and restore, exactly as the README documents them:

    python manage.py dumpdata articles auth.user auth.group --natural-foreign --natural-primary -o backup.json
    python manage.py migrate && python manage.py loaddata backup.json   # on a fresh database

The test builds content through the real workflow (two approved versions,
changes requested, an archived article, related articles, feedback), dumps
it, restores it into a brand-new database in another process (a fresh
SQLite file, or a database made with CREATE DATABASE on the PostgreSQL
server CI uses) and checks that the restored site serves the same pages and
holds the same versions, audit trail, feedback and staff accounts.
"""

import json
import os
import re
import subprocess
import sys
import uuid
from pathlib import Path
from urllib.parse import quote

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test import Client

from articles.models import Article, Feedback, Revision, Transition
from articles.workflow import perform
from tests.factories import ArticleFactory, editor, ensure_roles_and_topics, reviewer

ROOT = Path(__file__).resolve().parents[1]
DUMP_ARGS = ["articles", "auth.user", "auth.group"]
CSRF_VALUE = re.compile(r'(name="csrfmiddlewaretoken" value=")[^"]+(")')


def _iso(moment):
    # dumpdata writes times to the millisecond (Django's JSON encoder), so a
    # restored time can differ from the original below that.
    return moment.isoformat(timespec="milliseconds") if moment else None


def _name(user):
    return user.username if user else None


def snapshot():
    """Everything a backup must carry, in a form two databases can compare.
    Runs in this process and in the restored one."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from articles.models import Category

    users = [
        [u.username, u.password, u.email, u.first_name, u.last_name, u.is_staff, u.is_superuser, u.is_active,
         sorted(u.groups.values_list("name", flat=True))]
        for u in get_user_model().objects.order_by("username")
    ]  # fmt: skip
    groups = [[g.name, sorted(g.permissions.values_list("codename", flat=True))] for g in Group.objects.order_by("name")]
    categories = [[c.slug, c.name, c.description, c.position] for c in Category.objects.order_by("slug")]
    articles = [
        [a.slug, a.title, a.summary, a.body, a.status, a.category.slug, a.audience, a.edit_version,
         a.review_interval_months, _name(a.created_by), a.live.number if a.live else None,
         sorted(a.related.values_list("slug", flat=True)), sorted(a.contributors.values_list("username", flat=True)),
         a.references_list()]
        for a in Article.objects.order_by("slug")
    ]  # fmt: skip
    revisions = [
        [r.article.slug, r.number, r.title, r.category.slug, r.summary, r.body, r.references, r.related_slugs,
         r.body_html, r.plain_text, r.toc_html, r.reading_minutes, _name(r.approved_by), r.reviewer_name,
         _iso(r.approved_at), r.reviewed_on.isoformat(), r.next_review_due.isoformat(), r.authors]
        for r in Revision.objects.order_by("article__slug", "number")
    ]  # fmt: skip
    transitions = [
        [t.article.slug, t.action, t.from_status, t.to_status, _name(t.by), _iso(t.at), t.comment,
         t.revision.number if t.revision else None]
        for t in Transition.objects.order_by("at", "id")
    ]  # fmt: skip
    feedback = sorted(
        [f.article.slug, f.helpful, f.comment, _iso(f.created_at), f.revision.number if f.revision else None]
        for f in Feedback.objects.all()
    )
    return {
        "users": users, "groups": groups, "categories": categories, "articles": articles,
        "revisions": revisions, "transitions": transitions, "feedback": feedback,
    }  # fmt: skip


def fetch_pages(client, paths):
    """Status and HTML of each page; the per-visitor CSRF token is masked."""
    pages = {}
    for path in paths:
        response = client.get(path)
        pages[path] = [response.status_code, CSRF_VALUE.sub(r"\1-\2", response.content.decode())]
    return pages


RESTORED_SITE = """
import json, sys
import django
django.setup()
from django.test import Client
from tests.test_backup_restore import fetch_pages, snapshot
paths = json.loads(sys.argv[1])
print(json.dumps({"snapshot": snapshot(), "pages": fetch_pages(Client(), paths)}))
"""


def build_content(client):
    """A small site with a history: what a year of editing leaves behind."""
    cache.clear()  # the feedback rate limit counts across tests in this process
    ensure_roles_and_topics()
    writer = editor(username="backup-editor", first_name="Ada", last_name="Writer")
    checker = reviewer(username="backup-reviewer", first_name="Bo", last_name="Reviewer")

    def through_review(article, changes_first=False):
        perform(article, writer, "submit")
        perform(article, checker, "start_review")
        if changes_first:
            perform(article, checker, "request_changes", comment="Please cite the 2012 review for the first claim.")
            perform(article, writer, "submit")
            perform(article, checker, "start_review")
        article.refresh_from_db()
        perform(article, checker, "approve", expected_version=article.edit_version)
        article.refresh_from_db()

    twice = ArticleFactory(slug="night-cramps", title="Cramps at night", created_by=writer)
    through_review(twice)
    twice.body += "\n## Stretching before bed\n\nA gentle calf stretch may help some people [ref:allen2012].\n"
    twice.mark_edited()
    twice.save()
    through_review(twice, changes_first=True)

    linked = ArticleFactory(slug="calf-stretches", title="Calf stretches", created_by=writer)
    linked.related.add(twice)
    through_review(linked)

    withdrawn = ArticleFactory(slug="old-advice", title="Old advice", created_by=writer)
    through_review(withdrawn)
    perform(withdrawn, checker, "archive", comment="Superseded by newer guidance.")

    ArticleFactory(slug="unfinished-draft", title="Unfinished draft", created_by=writer)

    # Readers' answers arrive the way readers send them.
    assert client.post("/articles/night-cramps/feedback/", {"helpful": "yes", "comment": "Clear, thanks", "version": "1"}).status_code == 302
    assert client.post("/articles/calf-stretches/feedback/", {"helpful": "no", "comment": ""}).status_code == 302
    assert Revision.objects.filter(article=twice).count() == 2
    return ["/", "/articles/", "/articles/night-cramps/", "/articles/calf-stretches/", "/articles/old-advice/",
            "/articles/unfinished-draft/", f"/topics/{twice.category.slug}/", "/search/?q=stretch"]  # fmt: skip


class FreshDatabase:
    """A new, empty database of the same kind as the test database."""

    def __init__(self, tmp_path):
        self.settings = connection.settings_dict
        self.vendor = connection.vendor
        if self.vendor == "sqlite":
            self.url = f"sqlite:///{tmp_path / 'restored.sqlite3'}"
        elif self.vendor == "postgresql":
            self.name = f"restore_{uuid.uuid4().hex[:12]}"
            self._admin(f'CREATE DATABASE "{self.name}"')
            s = self.settings
            credentials = quote(s["USER"], safe="") + (":" + quote(s["PASSWORD"], safe="") if s["PASSWORD"] else "")
            self.url = f"postgres://{credentials}@{s['HOST'] or 'localhost'}:{s['PORT'] or 5432}/{self.name}"
        else:
            raise NotImplementedError(f"no fresh-database recipe for {self.vendor}")

    def _admin(self, sql):
        # CREATE/DROP DATABASE cannot run inside the test's transaction.
        import psycopg

        s = self.settings
        with psycopg.connect(host=s["HOST"] or None, port=s["PORT"] or None, user=s["USER"] or None,
                             password=s["PASSWORD"] or None, dbname=s["NAME"], autocommit=True) as admin:  # fmt: skip
            admin.execute(sql)

    def drop(self):
        if self.vendor == "postgresql":
            self._admin(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')


@pytest.fixture
def fresh_database(tmp_path):
    database = FreshDatabase(tmp_path)
    yield database
    database.drop()


def run_in_restored_site(database, *args):
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "tests.settings", "DATABASE_URL": database.url,
           "DJANGO_CACHE": "locmem"}  # fmt: skip
    out = subprocess.run([sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stdout[-3000:] + out.stderr[-3000:]
    return out.stdout


@pytest.mark.django_db
def test_a_backup_restores_the_same_site_into_a_fresh_database(client, tmp_path, fresh_database):
    paths = build_content(client)
    before = json.loads(json.dumps({"snapshot": snapshot(), "pages": fetch_pages(Client(), paths)}))
    # The content really is there to lose: two versions, the whole history, both answers.
    assert [r[:2] for r in before["snapshot"]["revisions"] if r[0] == "night-cramps"] == [["night-cramps", 1],
                                                                                         ["night-cramps", 2]]
    assert len(before["snapshot"]["transitions"]) == 16
    assert len(before["snapshot"]["feedback"]) == 2
    assert [row[-1] for row in before["snapshot"]["feedback"]] == [None, 1]  # the version each reader saw
    assert [before["pages"][p][0] for p in paths] == [200, 200, 200, 200, 410, 404, 200, 200]
    assert "Stretching before bed" in before["pages"]["/articles/night-cramps/"][1]

    backup = tmp_path / "backup.json"
    call_command(*["dumpdata", *DUMP_ARGS], natural_foreign=True, natural_primary=True, indent=1, output=str(backup))

    run_in_restored_site(fresh_database, "manage.py", "migrate", "--noinput", "-v", "0")
    run_in_restored_site(fresh_database, "manage.py", "loaddata", str(backup), "-v", "0")
    after = json.loads(run_in_restored_site(fresh_database, "-c", RESTORED_SITE, json.dumps(paths)))

    for part in before["snapshot"]:
        assert after["snapshot"][part] == before["snapshot"][part], part
    for path in paths:
        assert after["pages"][path] == before["pages"][path], path


@pytest.mark.django_db
def test_the_restored_site_takes_new_work(client, tmp_path, fresh_database):
    """After a restore the id counters are past the restored rows (on
    PostgreSQL loaddata must reset the sequences), so editing goes on."""
    build_content(client)
    backup = tmp_path / "backup.json"
    call_command(*["dumpdata", *DUMP_ARGS], natural_foreign=True, natural_primary=True, output=str(backup))
    run_in_restored_site(fresh_database, "manage.py", "migrate", "--noinput", "-v", "0")
    run_in_restored_site(fresh_database, "manage.py", "loaddata", str(backup), "-v", "0")
    new_work = """
import django
django.setup()
from django.test import Client
from articles.models import Article, Feedback, Transition
from articles.workflow import perform
from django.contrib.auth import get_user_model
from tests.factories import ArticleFactory
users = get_user_model().objects
writer, checker = users.get(username="backup-editor"), users.get(username="backup-reviewer")
article = ArticleFactory(slug="after-the-restore", title="After the restore", created_by=writer)
perform(article, writer, "submit")
perform(article, checker, "start_review")
article.refresh_from_db()
perform(article, checker, "approve", expected_version=article.edit_version)
client = Client()
assert client.post("/articles/night-cramps/feedback/", {"helpful": "yes"}).status_code == 302
assert client.get("/articles/after-the-restore/").status_code == 200
print(Article.objects.count(), Transition.objects.count(), Feedback.objects.count())
"""
    counts = run_in_restored_site(fresh_database, "-c", new_work).split()
    assert counts == ["5", "19", "3"]


@pytest.mark.django_db
def test_a_topic_that_was_deleted_and_made_again_restores(client, tmp_path, fresh_database):
    """The fresh database already has the topics its migration creates. A
    topic an editor deleted and made again has a new id in the backup but
    the same address: the restore must still work and keep its articles."""
    from articles.models import Category

    ensure_roles_and_topics()
    old = Category.objects.get(slug="medicines")
    name, description, position = old.name, old.description, old.position
    old.delete()
    Category.objects.create(slug="medicines", name=name, description=description, position=position)
    paths = build_content(client)
    Article.objects.filter(slug="calf-stretches").update(category=Category.objects.get(slug="medicines"))
    before = snapshot()
    backup = tmp_path / "backup.json"
    call_command(*["dumpdata", *DUMP_ARGS], natural_foreign=True, natural_primary=True, output=str(backup))
    run_in_restored_site(fresh_database, "manage.py", "migrate", "--noinput", "-v", "0")
    run_in_restored_site(fresh_database, "manage.py", "loaddata", str(backup), "-v", "0")
    after = json.loads(run_in_restored_site(fresh_database, "-c", RESTORED_SITE, json.dumps(paths)))
    assert after["snapshot"] == json.loads(json.dumps(before))

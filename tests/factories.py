"""Realistic test data: staff in their real groups, and articles with
references that go through the real workflow to be published."""

import datetime

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from articles import workflow
from articles.models import Article, Category, Reference, Status, Transition

BODY = """## What a cramp feels like

A cramp is a sudden, tight pain in a muscle, most often the calf [ref:allen2012].
It usually lasts a few seconds to a few minutes.

## When to get help

!!! danger "Call [emergency-number] if"
    - you suddenly find it hard to breathe

| Sign | Cramp | Clot |
|------|-------|------|
| Starts | Suddenly | Slowly |
"""


# --- Texts at known reading levels ------------------------------------------------

HARD_BODY = (
    "Nocturnal gastrocnemius contractions, characteristically experienced by elderly individuals, necessitate "
    "comprehensive pharmacological consideration, particularly regarding quinine-associated haematological "
    "complications and electrolyte abnormalities accompanying diuretic administration.\n\n"
) * 4

EASY_BODY = "A cramp is a sudden pain. It goes away fast. Stretch your leg. Walk a bit.\n\n" * 4

MARKDOWN_EASY_BODY = """## What to do

- Stretch your calf.
- Walk a bit.
- Rub the muscle.

| Sign | Cramp | Clot |
|------|-------|------|
| Starts | Fast | Slow |

A cramp is a sudden pain [ref:allen2012]. It goes away fast. See [the NHS page](https://www.nhs.uk/conditions/leg-cramps/).

!!! danger "Call [emergency-number] if"
    - you find it hard to breathe
"""


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    first_name = "Sam"
    last_name = factory.Sequence(lambda n: f"Tester{n}")
    is_staff = True
    password = factory.django.Password("correct-horse-battery-staple")

    @factory.post_generation
    def group(self, create, extracted, **kwargs):
        if create and extracted:
            self.groups.add(Group.objects.get(name=extracted))


def editor(**kwargs):
    return UserFactory(group="Editors", **kwargs)


def reviewer(**kwargs):
    return UserFactory(group="Reviewers", **kwargs)


def category(slug="causes"):
    """The topics come from a data migration; reuse them. A transactional
    test that ran before this one may have flushed them (serialized_rollback
    does not always bring them back), so put them back first."""
    if not Category.objects.filter(slug=slug).exists():
        ensure_roles_and_topics()
    return Category.objects.get(slug=slug)


class ArticleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Article
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Leg cramps explained, part {n}")
    slug = factory.Sequence(lambda n: f"leg-cramps-explained-{n}")
    category = factory.LazyFunction(category)
    summary = "What a leg cramp is, how long it lasts and when to get help."
    body = BODY
    created_by = None

    @factory.post_generation
    def references(self, create, extracted, **kwargs):
        if create and extracted is not False:
            ReferenceFactory(article=self)


class ReferenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Reference

    key = "allen2012"
    authors = "Allen RE, Kirby KA"
    title = "Nocturnal leg cramps"
    publisher = "American Family Physician"
    year = 2012
    pmid = "22963024"


def published_article(approver=None, reviewed_on=None, **kwargs):
    """An article published through the real publishing code (status, live
    version, audit row, page-cache invalidation)."""
    article = ArticleFactory(**kwargs)
    workflow.publish(article, approver, reviewer_name="Leg Cramp Guide editorial team",
                     reviewed_on=reviewed_on or datetime.date(2026, 11, 1))  # fmt: skip
    return article


# --- Articles at each workflow state ------------------------------------------


def _saved(user):
    # UserFactory saves the password only when it adds a group (its
    # post-generation save is skipped), so save users without a group here.
    user.save()
    return user


def superuser(**kwargs):
    return _saved(UserFactory(is_superuser=True, **kwargs))


def staff_without_group(**kwargs):
    """Staff who can log in to the admin but belong to no group."""
    return _saved(UserFactory(**kwargs))


# The steps that bring a fresh draft to each status, with who takes them.
PATH_TO = {
    Status.DRAFT: [],
    Status.SUBMITTED: [("submit", "editor")],
    Status.IN_REVIEW: [("submit", "editor"), ("start_review", "reviewer")],
    Status.CHANGES_REQUESTED: [("submit", "editor"), ("start_review", "reviewer"), ("request_changes", "reviewer")],
}


def article_in(status, **kwargs):
    """An article whose working copy is in `status`, brought there by the
    real workflow (by staff of the right groups, so the audit trail is as it
    would be); approved and archived ones also have a live version."""
    if status in (Status.APPROVED, Status.ARCHIVED):
        article = published_article(**kwargs)
        if status == Status.ARCHIVED:
            workflow.perform(article, _workflow_staff("reviewer"), "archive", comment="Withdrawn for the test.")
            article.refresh_from_db()
        return article
    if status == Status.SCHEDULED:
        # Approved for tomorrow; nothing live yet.
        article = article_in(Status.IN_REVIEW, **kwargs)
        tomorrow = datetime.datetime.now(datetime.UTC) + datetime.timedelta(days=1)
        workflow.perform(article, _workflow_staff("reviewer"), "schedule", go_live=tomorrow)
        article.refresh_from_db()
        return article
    article = ArticleFactory(**kwargs)
    for action, role in PATH_TO[Status(status)]:
        workflow.perform(article, _workflow_staff(role), action, comment="Sent back for the test.")
    article.refresh_from_db()
    return article


def _workflow_staff(role):
    """Staff who take the steps that set an article up, apart from the people a test is about."""
    return UserFactory(username=f"setup-{role}", group="Editors" if role == "editor" else "Reviewers")


def bundled_file(directory, slug, body="A cramp is a sudden, tight pain in a muscle [ref:allen2012].\n",
                 title=None, reviewer="Dr A. Example, GP", reviewed_on="2025-01-15", category="causes",
                 related=(), references=True):  # fmt: skip
    """Write one bundled article in the documented format (TOML front matter
    between +++ lines, then Markdown) and return its path."""
    related_list = ", ".join(f'"{s}"' for s in related)
    reference = (
        '\n[[references]]\nkey = "allen2012"\nauthors = "Allen RE, Kirby KA"\ntitle = "Nocturnal leg cramps"\n'
        'publisher = "American Family Physician"\nyear = 2012\npmid = "22963024"\n'
    )
    text = (
        "+++\n"
        f'title = "{title or slug.replace("-", " ").capitalize()}"\n'
        f'slug = "{slug}"\n'
        f'category = "{category}"\n'
        'summary = "A short summary for readers."\n'
        f'reviewer = "{reviewer}"\n'
        f"reviewed_on = {reviewed_on}\n"
        f"related = [{related_list}]\n"
        f"{reference if references else ''}"
        "+++\n\n"
        f"{body}"
    )
    path = directory / f"{slug}.md"
    path.write_text(text, encoding="utf-8")
    return path



def ensure_roles_and_topics():
    """Put back the groups and topics that the data migration creates.

    A transactional test (anything using live_server) empties every table
    when it ends; the next one needs the Editors and Reviewers groups and
    the topics again. Permissions come back by themselves (post_migrate).
    """
    import importlib

    from django.contrib.auth.models import Permission

    migration = importlib.import_module("articles.migrations.0002_roles_and_categories")
    for name, codenames in [("Editors", migration.EDITOR_PERMISSIONS), ("Reviewers", migration.REVIEWER_PERMISSIONS)]:
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.set(Permission.objects.filter(content_type__app_label="articles", codename__in=codenames))
    from articles.image_models import GROUP_PERMISSIONS as IMAGE_LIBRARY_PERMISSIONS  # migration 0005

    for name, codenames in IMAGE_LIBRARY_PERMISSIONS.items():
        Group.objects.get(name=name).permissions.add(
            *Permission.objects.filter(content_type__app_label="articles", codename__in=codenames)
        )
    for position, (name, slug, description) in enumerate(migration.CATEGORIES):
        Category.objects.get_or_create(slug=slug, defaults={"name": name, "description": description, "position": position})
    importlib.import_module("articles.migrations.0007_topic_changes").apply_topic_roles(Group, Permission)

# --- Published sites of any size, for the public pages --------------------------

READER_REFERENCE = {
    "key": "allen2012",
    "authors": "Allen RE, Kirby KA",
    "title": "Nocturnal leg cramps",
    "publisher": "American Family Physician",
    "year": 2012,
    "doi": "",
    "pmid": "22963024",
    "url": "",
}


def published_articles(n, topics=None, prefix="bulk", reviewed_on=datetime.date(2026, 11, 1)):
    """`n` published articles (each with a live version, a reference and an
    approval step) built in a fixed handful of queries, for tests that need
    hundreds. Spread over `topics` (category slugs) in turn; all topics by
    default."""
    from django.utils import timezone

    from articles.models import DEFAULT_REVIEW_INTERVAL_MONTHS, Revision, add_months
    from articles.rendering import render_body

    topic_list = [category(slug) for slug in topics] if topics else list(Category.objects.all())
    rendered = render_body(BODY, [READER_REFERENCE])
    articles = Article.objects.bulk_create(
        [
            Article(
                title=f"{prefix.capitalize()} article {i:04d}",
                slug=f"{prefix}-article-{i:04d}",
                category=topic_list[i % len(topic_list)],
                summary=f"Summary of {prefix} article {i:04d} about cramps.",
                body=BODY,
                status=Status.APPROVED,
            )
            for i in range(n)
        ]
    )
    Reference.objects.bulk_create(
        [Reference(article=article, **READER_REFERENCE) for article in articles]
    )
    now = timezone.now()
    revisions = Revision.objects.bulk_create(
        [
            Revision(
                article=article,
                number=1,
                title=article.title,
                category=article.category,
                audience=article.audience,
                summary=article.summary,
                body=BODY,
                references=[READER_REFERENCE],
                related_slugs=[],
                body_html=rendered.html,
                plain_text=rendered.plain_text,
                toc_html=rendered.page_toc,
                reading_minutes=1,
                reviewer_name="Leg Cramp Guide editorial team",
                approved_at=now,
                reviewed_on=reviewed_on,
                next_review_due=add_months(reviewed_on, DEFAULT_REVIEW_INTERVAL_MONTHS),
            )
            for article in articles
        ]
    )
    for article, revision in zip(articles, revisions, strict=True):
        article.live = revision
    Article.objects.bulk_update(articles, ["live"])
    Transition.objects.bulk_create(
        [
            Transition(article=article, action="approve", from_status=Status.IN_REVIEW, to_status=Status.APPROVED,
                       at=now, revision=revision)
            for article, revision in zip(articles, revisions, strict=True)
        ]  # fmt: skip
    )
    # Published text is searchable, as publish() makes it.
    from articles import search_index

    for revision in revisions:
        search_index.article_published(revision)
    return articles

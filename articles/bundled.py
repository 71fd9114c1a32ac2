"""The articles that ship with the site, as Markdown files with TOML front matter.

`load(directory)` makes each file's text the live, approved version of its
article. It is idempotent: a file whose text is already live changes
nothing; a changed file becomes a new approved version, history kept.
"""

import datetime
import tomllib
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction

from articles import workflow
from articles.models import Article, Category, Reference, Status
from articles.rendering import citation_problems

CONTENT_DIR = Path(__file__).resolve().parent / "content"
REFERENCE_FIELDS = ("key", "authors", "title", "publisher", "year", "doi", "pmid", "url", "last_checked")
# Stored as NULL when empty; the other text fields are stored as "".
NULLABLE_REFERENCE_FIELDS = {"year", "last_checked"}


class ContentError(Exception):
    pass


@dataclass
class BundledArticle:
    path: Path
    title: str
    slug: str
    category: str
    audience: str
    summary: str
    also_called: str
    reviewer: str
    reviewed_on: datetime.date
    related: list
    references: list
    body: str

    def live_matches(self, article):
        """Is this file's text exactly what readers see now?"""
        live = article.live
        return bool(live) and (
            live.title == self.title
            and live.category.slug == self.category
            and live.audience == self.audience
            and live.summary == self.summary
            and live.also_called == self.also_called
            and live.body == self.body
            and live.references == self.references
            and sorted(live.related_slugs) == sorted(self.related)
            and live.reviewer_name == self.reviewer
            and live.reviewed_on == self.reviewed_on
        )


def _reference(ref):
    """A reference as the database will give it back (the text fields as
    text, the year as a number), so comparing it with the live version is
    exact even when the file writes `pmid = 22963024` without quotes."""
    values = {}
    for name in REFERENCE_FIELDS:
        value = ref.get(name)
        if name == "year":
            values[name] = int(value) if value not in (None, "") else None
        elif name == "last_checked":
            values[name] = value.isoformat() if isinstance(value, datetime.date) else str(value or "")
        else:
            values[name] = "" if value is None else str(value)
    return values


def parse(path):
    text = Path(path).read_text(encoding="utf-8")
    parts = text.split("+++\n", 2)
    if len(parts) != 3 or parts[0].strip():
        raise ContentError(f"{path}: must start with TOML front matter between +++ lines.")
    try:
        meta = tomllib.loads(parts[1])
    except tomllib.TOMLDecodeError as error:
        raise ContentError(f"{path}: front matter is not valid TOML: {error}") from error
    references = [_reference(ref) for ref in meta.get("references", [])]
    try:
        return BundledArticle(
            path=Path(path),
            title=meta["title"],
            slug=meta["slug"],
            category=meta["category"],
            audience=meta.get("audience", "readers"),
            summary=meta["summary"],
            also_called=", ".join(meta.get("also_called", [])),
            reviewer=meta["reviewer"],
            reviewed_on=meta["reviewed_on"],
            related=list(meta.get("related", [])),
            references=references,
            body=parts[2].strip() + "\n",
        )
    except KeyError as missing:
        raise ContentError(f"{path}: front matter lacks {missing}.") from missing


def read_all(directory=CONTENT_DIR):
    items = [parse(path) for path in sorted(Path(directory).glob("*.md"))]
    slugs = {item.slug for item in items}
    for item in items:
        problems = citation_problems(item.body, item.references)
        if problems:
            raise ContentError(f"{item.path.name}: " + " ".join(problems))
        unknown = [slug for slug in item.related if slug not in slugs]
        if unknown:
            raise ContentError(f"{item.path.name}: related articles not found: {', '.join(unknown)}")
    return items


@transaction.atomic
def load(directory=CONTENT_DIR):
    """Import the bundled articles. Returns (created, updated, unchanged, skipped) slug lists."""
    items = read_all(directory)
    categories = {c.slug: c for c in Category.objects.all()}
    existing = {a.slug: a for a in Article.objects.select_related("live", "live__category")}
    report = {"created": [], "updated": [], "unchanged": [], "skipped": []}
    to_publish = []
    for item in items:
        if item.category not in categories:
            raise ContentError(f"{item.path.name}: unknown category {item.category!r}.")
        article = existing.get(item.slug)
        if article and item.live_matches(article):
            report["unchanged"].append(item.slug)
            continue
        if article and article.status != Status.APPROVED:
            # Someone is working on it in the admin: never overwrite their work.
            report["skipped"].append(item.slug)
            continue
        report["updated" if article else "created"].append(item.slug)
        article = article or Article(slug=item.slug)
        article.title, article.summary, article.body = item.title, item.summary, item.body
        article.also_called = item.also_called
        article.category, article.audience = categories[item.category], item.audience
        article.save()
        article.references.all().delete()
        Reference.objects.bulk_create(
            Reference(
                article=article,
                position=n,
                **{k: v or (None if k in NULLABLE_REFERENCE_FIELDS else "") for k, v in ref.items()},
            )
            for n, ref in enumerate(item.references)
        )
        existing[item.slug] = article
        to_publish.append((article, item))
    for article, item in to_publish:
        article.related.set([existing[slug] for slug in item.related])
        note = f"Imported from {item.path.name}, reviewed by {item.reviewer}."
        workflow.perform(article, None, "import", comment=note, reviewer_name=item.reviewer,
                         reviewed_on=item.reviewed_on)  # fmt: skip
    return report

"""Build the benchmark's data set: the bundled articles plus generated ones.

Run inside the configured Django settings:  python -m bench.dataset 500
"""

import sys

import django


def build(total):
    from django.core.management import call_command
    from django.db import transaction

    from articles.models import Article, Category

    call_command("load_content", verbosity=0)
    bundled = list(Article.objects.published().select_related("live").order_by("slug"))
    categories = list(Category.objects.all())
    existing = Article.objects.count()
    with transaction.atomic():  # one commit: minutes faster on SQLite
        _generate(bundled, categories, existing, total)
    return Article.objects.count()


def _generate(bundled, categories, existing, total):
    from articles.models import Article, Reference
    from articles.workflow import publish

    for n in range(existing, total):
        source = bundled[n % len(bundled)]
        article = Article.objects.create(
            title=f"{source.live.title} (variant {n})",
            slug=f"bench-{n}-{source.slug}",
            category=categories[n % len(categories)],
            audience=source.audience,
            summary=source.live.summary,
            body=source.live.body,
        )
        Reference.objects.bulk_create(
            Reference(article=article, position=i, **{k: _blank(k, v) for k, v in ref.items()})
            for i, ref in enumerate(source.live.references)
        )
        publish(article, None, reviewer_name="Benchmark data (not reviewed)")  # status and audit row too


def _blank(name, value):
    """A reference field's value, with a missing one as the field stores it
    (None where the field allows it: a year, a date; otherwise "")."""
    from articles.models import Reference

    return value or (None if Reference._meta.get_field(name).null else "")


if __name__ == "__main__":
    django.setup()
    print(build(int(sys.argv[1]) if len(sys.argv) > 1 else 500))

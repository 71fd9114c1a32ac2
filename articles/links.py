"""What links to an article: other articles (in their text or as related
articles) and the checker's advice. Asked before an article is archived."""

import re
from dataclasses import dataclass

from articles.models import Article
from checker import advice


@dataclass
class LinksHere:
    articles: list  # Articles whose live or working text links here, or that list it as related
    checker: list  # where the checker's advice suggests it, in words

    def __bool__(self):
        return bool(self.articles or self.checker)


def checker_links(slug):
    """Where the checker's advice links to the article with this slug, in words
    (from checker/advice.py's own list: its rules, answers and levels)."""
    grouped = {}
    for reason in advice.linked_articles().get(slug, []):
        kind, _, name = reason.partition(" ")
        grouped.setdefault(kind, []).append(name.replace("_", " "))
    places = []
    if grouped.get("rule"):
        places.append(f"the advice of {len(grouped['rule'])} rule(s): " + ", ".join(grouped["rule"]))
    places += [f"results where the answer “{name}” was given" for name in grouped.get("answer", [])]
    places += [f"the “{name}” result" for name in grouped.get("level", [])]
    return places


def checker_slugs():
    """Every article slug the checker's advice may link to."""
    return set(advice.linked_articles()) | set(advice.ARTICLES)


def what_links_here(article):
    address = re.compile(rf"/articles/{re.escape(article.slug)}/?(?![\w-])")
    linking = []
    others = Article.objects.exclude(pk=article.pk).select_related("live").prefetch_related("related")
    for other in others:
        texts = [other.body] + ([other.live.body] if other.live_id else [])
        related = article in other.related.all() or (other.live_id and article.slug in other.live.related_slugs)
        if related or any(address.search(text) for text in texts):
            linking.append(other)
    return LinksHere(sorted(linking, key=lambda a: a.title), checker_links(article.slug))

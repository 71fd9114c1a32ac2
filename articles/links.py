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
    """Where the checker's result pages suggest the article with this slug (checker/advice.py's data)."""
    places = [f"the “{level.name.replace('_', ' ').lower()}” result" for level, slugs in advice.LEVEL_ARTICLES.items()
              if slug in slugs]  # fmt: skip
    places += [f"results where the answer “{answer.replace('_', ' ')}” was given"
               for answer, linked in advice.ANSWER_ARTICLES.items() if linked == slug]  # fmt: skip
    if not places and slug in advice.ARTICLES:
        places.append("its list of articles it may suggest")
    return places


def checker_slugs():
    """Every article slug the checker's advice may link to."""
    slugs = {s for linked in advice.LEVEL_ARTICLES.values() for s in linked}
    return slugs | set(advice.ANSWER_ARTICLES.values()) | set(advice.ARTICLES)


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

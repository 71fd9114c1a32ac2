"""Site search over the approved text of published articles.

Plain case-insensitive matching on title, summary and body behaves the same
on SQLite and PostgreSQL; with a few hundred articles it is fast enough,
and results are ranked here: title matches first, then summary, then body.
"""

import re
from dataclasses import dataclass

from django.db.models import Q
from django.utils.html import escape
from django.utils.safestring import mark_safe

from articles.models import Article

MAX_QUERY_LENGTH = 200
MAX_TERMS = 8
SNIPPET_RADIUS = 90
_WORD = re.compile(r"[\w'’-]+", re.UNICODE)


@dataclass
class SearchResult:
    article: Article
    title_html: str
    snippet_html: str
    score: tuple


def terms_of(query):
    words = [w.strip("'’-").lower() for w in _WORD.findall(query[:MAX_QUERY_LENGTH])]
    return list(dict.fromkeys(w for w in words if w))[:MAX_TERMS]


def highlight(text, terms):
    """HTML-escape `text` and wrap each term in <mark>."""
    if not terms:
        return escape(text)
    pattern = re.compile("|".join(re.escape(t) for t in sorted(terms, key=len, reverse=True)), re.IGNORECASE)
    out, last = [], 0
    for match in pattern.finditer(text):
        out += [escape(text[last : match.start()]), "<mark>", escape(match.group(0)), "</mark>"]
        last = match.end()
    out.append(escape(text[last:]))
    return mark_safe("".join(out))  # noqa: S308 - every piece of text above is escaped


def _snippet(text, terms):
    lowered = text.lower()
    positions = [p for p in (lowered.find(t) for t in terms) if p >= 0]
    if not positions:
        return text[: 2 * SNIPPET_RADIUS] + ("…" if len(text) > 2 * SNIPPET_RADIUS else "")
    start = max(0, min(positions) - SNIPPET_RADIUS)
    end = min(len(text), start + 2 * SNIPPET_RADIUS)
    return ("…" if start else "") + text[start:end] + ("…" if end < len(text) else "")


def search(query):
    terms = terms_of(query)
    if not terms:
        return []
    matches_all = Q()
    # The database narrows the candidates only with ASCII words: SQLite's
    # LIKE (and PostgreSQL under some locales) folds the case of A-Z alone,
    # so "über" would miss "Über". Every word is checked below in Python.
    for term in (t for t in terms if t.isascii()):
        matches_all &= (
            Q(live__title__icontains=term) | Q(live__summary__icontains=term) | Q(live__plain_text__icontains=term)
        )
    candidates = (
        Article.objects.published()
        .filter(matches_all)
        .select_related("live")
        .only("slug", "status", "live__title", "live__summary", "live__plain_text", "live__audience")
    )
    results = []
    for article in candidates:
        live = article.live
        title, summary, body = live.title.lower(), live.summary.lower(), live.plain_text.lower()
        if not all(t in title or t in summary or t in body for t in terms):
            continue
        score = (
            sum(t in title for t in terms),
            sum(t in summary for t in terms),
            sum(body.count(t) for t in terms),
        )
        in_summary = any(t in summary for t in terms)
        snippet_source = live.summary if in_summary or score[2] == 0 else _snippet(live.plain_text, terms)
        results.append(SearchResult(article, highlight(live.title, terms), highlight(snippet_source, terms), score))
    results.sort(key=lambda r: (tuple(-s for s in r.score), r.article.live.title))
    return results

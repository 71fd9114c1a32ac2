"""Storing "Was this page helpful?" answers, with a per-client rate limit.

Nothing that identifies the reader is stored: the rate limit counts a
salted hash of the client address in the cache, for ten minutes only. With
each answer goes the approved version the reader saw (the article page is
the same for every reader of that version), so reviewers can tell which
text a comment was about.
"""

import hashlib

from django.conf import settings
from django.core.cache import cache

from articles.models import Feedback
from config.client_ip import client_ip

LIMIT = 5  # answers per client per window
WINDOW_SECONDS = 600


def _client_key(request):
    address = client_ip(request)
    digest = hashlib.sha256((settings.SECRET_KEY + address).encode()).hexdigest()[:32]
    return f"feedback-rate:{digest}"


def limit_reached(request):
    """True once this client has had LIMIT answers accepted in the window.
    Refused tries (no choice made, a comment too long) do not count."""
    return cache.get(_client_key(request), 0) >= LIMIT


def _count_accepted(request):
    key = _client_key(request)
    cache.add(key, 0, timeout=WINDOW_SECONDS)
    try:
        cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=WINDOW_SECONDS)


def version_seen(article, number):
    """The approved version `number` of this article if readers could have
    seen it (the live one or an earlier one; not one scheduled for later),
    else None: stored as "unknown", never refused."""
    if number is None or article.live_id is None:
        return None
    return article.revisions.filter(number=number, number__lte=article.live.number).first()


def record(request, article, cleaned_data):
    """Store an accepted answer and count it towards the client's limit."""
    feedback = Feedback.objects.create(
        article=article,
        helpful=cleaned_data["helpful"],
        comment=cleaned_data["comment"].strip(),
        revision=version_seen(article, cleaned_data.get("version")),
    )
    _count_accepted(request)
    return feedback

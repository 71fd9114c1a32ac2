"""Counting searches that found nothing, without tracking anyone.

Editors see, per ISO week, how many searches for each normalised query found
nothing, so they can write or promote an article for it. What is kept:
- no IP address, cookie, session, user or time of day: only (week, query,
  count);
- a query reaches the database only once THRESHOLD searches in the same week
  used it. Until then its count lives in the shared cache alone, under a key
  that is an HMAC of the week and query (so not even the cache holds the
  words), and expires with the week. A query typed once, the kind most likely
  to identify someone (a name, an address, a rare combination of symptoms),
  is therefore never written down. Three searches are not proof of three
  people (telling people apart would need the tracking this avoids), but they
  keep out the one-off query.
- queries that look like contact details or numbers (an email address, a
  phone or NHS number) are never counted at all.

The cache's increment is atomic on Redis and in memory; the database cache
(production without Redis) may lose a count under a race, never invent one.
"""

import datetime
import re

from django.core.cache import cache
from django.db.models import F
from django.utils import timezone
from django.utils.crypto import salted_hmac

from articles.search_models import SearchMiss
from articles.search_text import normalise

THRESHOLD = 3
_KEEP_FOR = datetime.timedelta(days=8).total_seconds()  # past the end of the week it counts
_PERSONAL = re.compile(r"@|\d{4,}|(?:\d\W*){6,}")


def week_of(day):
    """The Monday that starts `day`'s ISO week."""
    return day - datetime.timedelta(days=day.weekday())


def record(query, today=None):
    """Count one search for `query` that found nothing."""
    if _PERSONAL.search(query):
        return
    normalised = normalise(query)
    if not normalised:
        return
    week = week_of(today or timezone.localdate())
    key = "search-miss:" + salted_hmac("articles.search_misses", f"{week.isoformat()} {normalised}").hexdigest()
    searches = _increment(key)
    if searches < THRESHOLD:
        return
    if searches == THRESHOLD:
        miss, created = SearchMiss.objects.get_or_create(week=week, query=normalised, defaults={"searches": searches})
        if created:
            return
    # Stored already (by this count or, after a cache flush, earlier).
    SearchMiss.objects.filter(week=week, query=normalised).update(searches=F("searches") + 1)


def _increment(key):
    if cache.add(key, 1, timeout=_KEEP_FOR):
        return 1
    try:
        return cache.incr(key)
    except ValueError:  # expired between the two calls
        cache.add(key, 1, timeout=_KEEP_FOR)
        return 1

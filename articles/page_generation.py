"""The content generation: one value in the shared cache that changes
whenever readers' pages change, so that every server knows when the pages
it keeps in memory are stale.

Each process reads it at most once every PAGE_CACHE_POLL_SECONDS: a change
made on one server shows on every other within that bound. Reading it on
every request instead (one round trip to the cache server) held PostgreSQL
deployments to 0.55-0.72 of the benchmark's floor.
"""

import threading
import time
import uuid

from django.conf import settings
from django.core.cache import cache, caches

KEY = "articles:content-generation"
PAGES_CACHE = "pages"  # settings.CACHES: this process's memory


class _Seen:
    """The generation this process last read, and when."""

    lock = threading.Lock()
    value = None
    checked_at = float("-inf")


def current():
    """The generation to store and look up pages under. Drops this process's
    stored pages when it finds the generation changed."""
    now = time.monotonic()
    with _Seen.lock:
        if now - _Seen.checked_at < settings.PAGE_CACHE_POLL_SECONDS:
            return _Seen.value
        value = cache.get(KEY)
        if value is None:
            # A new cache server, or the entry was culled: any new value is
            # safe, it only means rendering again.
            cache.add(KEY, uuid.uuid4().hex, timeout=None)
            value = cache.get(KEY)
        if value != _Seen.value:
            caches[PAGES_CACHE].clear()
        _Seen.value, _Seen.checked_at = value, now
        return value


def bump():
    """Start a new generation: every server renders afresh (this one at once)."""
    value = uuid.uuid4().hex
    cache.set(KEY, value, timeout=None)
    with _Seen.lock:
        caches[PAGES_CACHE].clear()
        _Seen.value, _Seen.checked_at = value, time.monotonic()


def forget():
    """Forget what this process read (tests start each case afresh)."""
    with _Seen.lock:
        caches[PAGES_CACHE].clear()
        _Seen.value, _Seen.checked_at = None, float("-inf")

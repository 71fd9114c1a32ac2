"""Counting attempts in the shared cache: a fixed window per (scope, who).

`who` is hashed with SECRET_KEY before it becomes a cache key, so the cache
never holds an address or an email address in the clear.
"""

import hashlib

from django.conf import settings
from django.core.cache import cache


def over_limit(scope, who, limit, window_seconds):
    """Count this attempt; True once `who` has made more than `limit` in the window."""
    digest = hashlib.sha256(f"{settings.SECRET_KEY}:{scope}:{who}".encode()).hexdigest()[:32]
    key = f"rate:{scope}:{digest}"
    cache.add(key, 0, timeout=window_seconds)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window_seconds)
        count = 1
    return count > limit

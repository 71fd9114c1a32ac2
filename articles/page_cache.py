"""Public pages kept in each server's memory, with Django's cache framework.

`PageCacheMiddleware` stores each public response (one that
articles/cache_headers.py marked `public`) in the "pages" cache, a per-process
LocMemCache, keyed by Django's own `learn_cache_key`/`get_cache_key` (URL,
query string and any Vary headers) under the current content generation
(articles/page_generation.py). It sits after the security and static-file
middleware and before the rest, so a stored page is answered without the
session, CSRF, authentication, CSP or axes middleware: the stored response
already carries the headers they added when it was rendered.

Invalidation is explicit: the workflow calls `pages_changed()` when it
publishes or withdraws an article. Editing a working copy changes nothing
that readers see, so it invalidates nothing.
"""

from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.utils.cache import get_cache_key, learn_cache_key

from articles import cache_headers, page_generation


def pages_changed():
    """Readers' pages changed: once the change is committed, every server
    drops the pages it stored (this one at once, the others within
    PAGE_CACHE_POLL_SECONDS)."""
    transaction.on_commit(page_generation.bump)


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in ("GET", "HEAD") or cache_headers.personal(request):
            return self.get_response(request)
        pages = caches[page_generation.PAGES_CACHE]
        # Read once: a page rendered from data older than a bump must be
        # stored under the old generation, where nobody looks it up again.
        generation = page_generation.current()
        key = get_cache_key(request, generation, "GET", cache=pages)
        response = pages.get(key) if key else None
        if response is not None:
            return response
        response = self.get_response(request)
        if request.method == "GET" and self._storable(response):
            key = learn_cache_key(request, response, settings.PAGE_CACHE_SECONDS, generation, cache=pages)
            pages.set(key, response, settings.PAGE_CACHE_SECONDS)
        return response

    @staticmethod
    def _storable(response):
        return (
            response.status_code == 200
            and not response.streaming
            and not response.cookies
            and cache_headers.is_public(response)
        )

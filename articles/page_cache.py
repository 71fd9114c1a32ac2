"""Whole-page caching for the public article pages, correct across servers.

A page is rendered once and kept in this process's memory under its path
and the current *content generation*. The generation is a number in the
shared cache (Redis or the database) that every approval, archive, edit or
category change bumps, so the next request on any server renders afresh.
Each request costs one shared-cache read plus a dictionary look-up.

Pages with a form are cached with a marker where the CSRF token goes; the
marker is swapped for this reader's own token on every response, so CSRF
protection is untouched.
"""

import functools
import hashlib
import threading
import uuid
from collections import OrderedDict

from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse, HttpResponseNotModified
from django.middleware.csrf import get_token

GENERATION_KEY = "articles:content-generation"
CSRF_MARKER = "__csrf_token_for_this_reader__"
LOCAL_ENTRIES = 2000  # at ~25 KB a page, about 50 MB at most per process

_local = OrderedDict()
_lock = threading.Lock()


def current_generation():
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        # First request after a cache flush: any new value is safe, it only
        # means rendering again.
        generation = uuid.uuid4().hex
        cache.add(GENERATION_KEY, generation, timeout=None)
        generation = cache.get(GENERATION_KEY, generation)
    return generation


def bump_generation():
    cache.set(GENERATION_KEY, uuid.uuid4().hex, timeout=None)


def bump_generation_on_commit(**kwargs):
    """Signal receiver: content changed; invalidate once the change is saved."""
    transaction.on_commit(bump_generation)


def clear_local():
    with _lock:
        _local.clear()


class _Entry:
    __slots__ = ("status", "content", "content_type", "etag", "last_modified", "has_form")

    def __init__(self, response, generation):
        self.status = response.status_code
        self.content = response.content
        self.content_type = response["Content-Type"]
        self.etag = f'W/"{hashlib.sha1(generation.encode() + self.content, usedforsecurity=False).hexdigest()}"'
        self.last_modified = response.get("Last-Modified")
        self.has_form = CSRF_MARKER.encode() in self.content


def cached_page(view):
    """Cache a public GET view's 200 and 410 responses per path and generation."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method not in ("GET", "HEAD"):
            return view(request, *args, **kwargs)
        key = (request.path, current_generation())
        with _lock:
            entry = _local.get(key)
            if entry is not None:
                _local.move_to_end(key)
        if entry is None:
            response = view(request, *args, **kwargs)
            if hasattr(response, "render"):
                response = response.render()
            if response.status_code not in (200, 410) or response.has_header("Set-Cookie") or _shows_messages(request):
                return with_csrf_token(request, response)
            entry = _Entry(response, key[1])
            with _lock:
                _local[key] = entry
                while len(_local) > LOCAL_ENTRIES:
                    _local.popitem(last=False)
        if entry.status == 200 and request.headers.get("If-None-Match") == _etag_for(request, entry):
            response = HttpResponseNotModified()
        else:
            response = HttpResponse(entry.content, status=entry.status, content_type=entry.content_type)
            response = with_csrf_token(request, response)
        response["ETag"] = _etag_for(request, entry)
        if entry.last_modified:
            response["Last-Modified"] = entry.last_modified
        # The page holds this reader's CSRF token: browsers may keep it but
        # must check back; shared caches must not store it.
        response["Cache-Control"] = "private, max-age=0, must-revalidate"
        return response

    return wrapper


def _etag_for(request, entry):
    """The page's ETag; for a page with a form, tied to this reader's CSRF
    secret, so a kept copy is "not modified" only while its token still
    matches the reader's cookie (not after they clear cookies, or after a
    login rotates the secret)."""
    if not entry.has_form:
        return entry.etag
    secret = request.META.get("CSRF_COOKIE", "")
    reader = hashlib.sha256(secret.encode()).hexdigest()[:16] if secret else "none"
    return f'{entry.etag[:-1]}-{reader}"'


def _shows_messages(request):
    """A page that shows someone's own notices ("... is now in review") is
    theirs alone and must never be cached for other readers."""
    storage = getattr(request, "_messages", None)
    return storage is not None and len(storage) > 0


def with_csrf_token(request, response):
    """Put this reader's CSRF token where the page has the marker."""
    marker = CSRF_MARKER.encode()
    if marker in response.content:
        response.content = response.content.replace(marker, get_token(request).encode())
    return response

"""Whole-page caching for the public pages, correct across servers.

A page is rendered once and kept in this process's memory under its path
(plus, for search, its query) and the current *content generation*. The
generation is a value in the shared cache (Redis or the database) that every
approval, archive, edit or category change bumps, so the next request on any
server renders afresh. Each request costs one shared-cache read plus a
dictionary look-up.

Two layers serve a cached page:
- `cached_page`, the view decorator, renders and stores pages, and serves
  them when the middleware is not installed;
- `CachedPageMiddleware`, early in MIDDLEWARE, serves a stored page before
  the session, authentication, messages, CSP and axes middleware run. Their
  headers (CSP, X-Frame-Options, Vary ...) are recorded from the first full
  response and replayed; the middleware before it (security headers,
  request limits) still runs on every request.

Pages with a form are cached with a marker where the CSRF token goes; the
marker is swapped for this reader's own token on every response (Django's
masking, see reader_token) and the cookie is read and set by Django's own
CsrfViewMiddleware code, so CSRF protection is untouched.
The checker and the admin are never decorated, so never cached.
"""

import functools
import hashlib
import os
import threading
import uuid
from collections import OrderedDict

from django.conf import settings
from django.core.cache import DEFAULT_CACHE_ALIAS, cache, caches
from django.core.cache.backends.db import DatabaseCache
from django.core.exceptions import MiddlewareNotUsed
from django.db import connections, router, transaction
from django.http import HttpResponse, HttpResponseNotModified
from django.middleware.csrf import CSRF_ALLOWED_CHARS, CSRF_SECRET_LENGTH, CsrfViewMiddleware, get_token

GENERATION_KEY = "articles:content-generation"
CSRF_MARKER = "__csrf_token_for_this_reader__"
# Pages are 15-60 KB, a search page with hundreds of results more: bound the
# memory, not the count.
LOCAL_BYTES = 64 * 1024 * 1024
MAX_QUERY_VALUE = 200  # longer values are refused by the views anyway

# Headers the middleware does not replay from the first full response: they
# differ per reader or are set for each response here.
NOT_REPLAYED = {"set-cookie", "content-length", "content-type", "etag", "last-modified", "cache-control"}
CACHE_CONTROL = "private, max-age=0, must-revalidate"

_local = OrderedDict()
_local_bytes = 0
_lock = threading.Lock()
# The query parameters a cached path's page depends on (search: "q").
_query_params = {}
# Paths that have had a page stored: the middleware reads the generation only
# for these, so other requests (the checker, the admin) cost nothing more.
_cached_paths = set()


def current_generation():
    """The current content generation, as a string that changes whenever it is bumped."""
    generation = _read_generation()
    if generation is None:
        # First request after a cache flush: any new value is safe, it only
        # means rendering again.
        cache.add(GENERATION_KEY, uuid.uuid4().hex, timeout=None)
        generation = _read_generation()
    return generation


def _read_generation():
    backend = caches[DEFAULT_CACHE_ALIAS]
    if isinstance(backend, DatabaseCache):
        return _read_database_cache(backend)
    return cache.get(GENERATION_KEY)


def _read_database_cache(backend):
    """The stored (encoded) value, read with one plain query: DatabaseCache.get
    costs 2-3 times more (on PostgreSQL, 250 us against 90 us), on every
    request. The key never expires (timeout=None), so `expires` is not read;
    the encoded value changes whenever the generation does."""
    key = backend.make_and_validate_key(GENERATION_KEY)
    connection = connections[router.db_for_read(backend.cache_model_class)]
    table = connection.ops.quote_name(backend._table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT value FROM {table} WHERE cache_key = %s", [key])  # noqa: S608 - the table is quoted
        row = cursor.fetchone()
    return row[0] if row else None


def bump_generation():
    cache.set(GENERATION_KEY, uuid.uuid4().hex, timeout=None)


def bump_generation_on_commit(**kwargs):
    """Signal receiver: content changed; invalidate once the change is saved."""
    transaction.on_commit(bump_generation)


def clear_local():
    global _local_bytes
    with _lock:
        _local.clear()
        _local_bytes = 0
        _cached_paths.clear()


def _key(request, generation):
    params = _query_params.get(request.path, ())
    return (request.path, tuple(request.GET.get(name, "")[: MAX_QUERY_VALUE + 1] for name in params), generation)


def _get(key):
    with _lock:
        entry = _local.get(key)
        if entry is not None:
            _local.move_to_end(key)
        return entry


def _put(key, entry):
    global _local_bytes
    with _lock:
        if key in _local:
            return
        _local[key] = entry
        _local_bytes += len(entry.content)
        while _local_bytes > LOCAL_BYTES and len(_local) > 1:
            _, dropped = _local.popitem(last=False)
            _local_bytes -= len(dropped.content)


class _Entry:
    __slots__ = ("status", "content", "content_type", "etag", "last_modified", "has_form", "headers")

    def __init__(self, response, generation):
        self.status = response.status_code
        self.content = response.content
        self.content_type = response["Content-Type"]
        self.etag = f'W/"{hashlib.sha1(generation.encode() + self.content, usedforsecurity=False).hexdigest()}"'
        self.last_modified = response.get("Last-Modified")
        self.has_form = CSRF_MARKER.encode() in self.content
        # The outer middleware's headers, recorded by CachedPageMiddleware
        # once the first full response has passed through them.
        self.headers = None


def cached_page(view=None, *, vary_on_query=()):
    """Cache a public GET view's 200 and 410 responses per path and generation
    (and per value of the `vary_on_query` parameters)."""
    if view is None:
        return functools.partial(cached_page, vary_on_query=tuple(vary_on_query))

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method not in ("GET", "HEAD"):
            return view(request, *args, **kwargs)
        if vary_on_query:
            _query_params[request.path] = vary_on_query
        # Read once a request: the middleware may have read it already.
        generation = getattr(request, "_page_cache_generation", None) or current_generation()
        key = _key(request, generation)
        entry = _get(key)
        if entry is None:
            response = view(request, *args, **kwargs)
            if hasattr(response, "render"):
                response = response.render()
            if (response.status_code not in (200, 410) or response.has_header("Set-Cookie")
                    or _shows_messages(request) or _signed_in(request)):  # fmt: skip
                return with_csrf_token(request, response)
            entry = _Entry(response, generation)
            _put(key, entry)
            _cached_paths.add(request.path)
        request._page_cache_entry = entry
        return _respond(request, entry)

    return wrapper


class CachedPageMiddleware:
    """Serve a stored page without running the rest of the middleware."""

    def __init__(self, get_response):
        if settings.CSRF_USE_SESSIONS:
            # The CSRF secret would live in the session, which is not loaded
            # this early; the view decorator still caches.
            raise MiddlewareNotUsed("CachedPageMiddleware needs the CSRF secret in a cookie")
        self.get_response = get_response
        # Django's own code reads the reader's CSRF cookie and sets a new one.
        self.csrf = CsrfViewMiddleware(get_response)

    def __call__(self, request):
        if request.method in ("GET", "HEAD") and request.path in _cached_paths:
            request._page_cache_generation = current_generation()
            entry = _get(_key(request, request._page_cache_generation))
            if entry is not None and entry.headers is not None:
                request.get_host()  # the Host check the skipped middleware would make (400 if not allowed)
                return self._serve(request, entry)
        response = self.get_response(request)
        entry = getattr(request, "_page_cache_entry", None)
        if entry is not None and entry.headers is None and response.status_code == entry.status:
            entry.headers = [(name, value) for name, value in response.items() if name.lower() not in NOT_REPLAYED]
        return response

    def _serve(self, request, entry):
        if entry.has_form:
            self.csrf.process_request(request)
        response = _respond(request, entry)
        for name, value in entry.headers:
            response[name] = value
        if entry.has_form:
            self.csrf.process_response(request, response)
        return response


def _respond(request, entry):
    if entry.status == 200 and _etag_for(request, entry) in _if_none_match(request):
        response = HttpResponseNotModified()
    else:
        response = HttpResponse(entry.content, status=entry.status, content_type=entry.content_type)
        with_csrf_token(request, response)
        response["Content-Length"] = str(len(response.content))
    # After the token: a first visit's ETag names the secret just made for it.
    response["ETag"] = _etag_for(request, entry)
    if entry.last_modified:
        response["Last-Modified"] = entry.last_modified
    # The page holds this reader's CSRF token: browsers may keep it but
    # must check back; shared caches must not store it.
    response["Cache-Control"] = CACHE_CONTROL
    return response


def _if_none_match(request):
    header = request.headers.get("If-None-Match", "")
    return {tag.strip() for tag in header.split(",")} if header else set()


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


def _signed_in(request):
    """A page rendered for a signed-in editor is never stored: should a template
    ever show them something of their own, no reader must get it."""
    user = getattr(request, "user", None)
    return user is not None and user.is_authenticated


def _shows_messages(request):
    """A page that shows someone's own notices ("... is now in review") is
    theirs alone and must never be cached for other readers."""
    storage = getattr(request, "_messages", None)
    return storage is not None and len(storage) > 0


def with_csrf_token(request, response):
    """Put this reader's CSRF token where the page has the marker."""
    marker = CSRF_MARKER.encode()
    if marker in response.content:
        response.content = response.content.replace(marker, reader_token(request).encode())
    return response


_CHAR_INDEX = {char: index for index, char in enumerate(CSRF_ALLOWED_CHARS)}
_UNBIASED_BELOW = 256 - 256 % len(CSRF_ALLOWED_CHARS)  # bytes at or above would favour some characters


def _random_chars(length):
    """`length` characters drawn uniformly from CSRF_ALLOWED_CHARS, from one
    os.urandom call (rarely two); Django's get_random_string makes one call a
    character, 64 for a new reader's secret and mask."""
    chars = []
    while len(chars) < length:
        chars += [CSRF_ALLOWED_CHARS[byte % len(CSRF_ALLOWED_CHARS)] for byte in os.urandom(length + 16)
                  if byte < _UNBIASED_BELOW]  # fmt: skip
    return "".join(chars[:length])


def reader_token(request):
    """This reader's masked CSRF token: django.middleware.csrf.get_token (Django
    5.2) step for step, with the same secret, the same kind of random mask and
    the same cipher, but randomness drawn in one call. Every cached article
    response needs one, so it is a fifth of the page's cost."""
    secret = request.META.get("CSRF_COOKIE")
    if secret is None:
        secret = _random_chars(CSRF_SECRET_LENGTH)
        request.META["CSRF_COOKIE"] = secret  # as _add_new_csrf_cookie
    elif len(secret) != CSRF_SECRET_LENGTH or not all(char in _CHAR_INDEX for char in secret):
        return get_token(request)  # never expected: CsrfViewMiddleware checked the cookie
    # Send the cookie even if the reader has it, to renew its expiry (as get_token).
    request.META["CSRF_COOKIE_NEEDS_UPDATE"] = True
    mask = _random_chars(CSRF_SECRET_LENGTH)
    size = len(CSRF_ALLOWED_CHARS)
    pairs = zip(secret, mask, strict=True)
    cipher = "".join(CSRF_ALLOWED_CHARS[(_CHAR_INDEX[x] + _CHAR_INDEX[y]) % size] for x, y in pairs)
    return mask + cipher

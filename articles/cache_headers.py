"""What browsers and shared caches (nginx, a CDN) may do with a public page.

Public pages (home, topics, the article index, articles, search) are the
same bytes for every reader: they hold no CSRF token and set no cookie. So
any cache may keep them for a short while,
`Cache-Control: public, max-age=PAGE_MAX_AGE, stale-while-revalidate=...`,
with a strong ETag of the bytes, and nothing to vary on.

A request carrying a session or messages cookie is staff (readers never get
either): the page may show their own notices, so it is `private, no-store`
and no cache keeps it. The proxy configuration bypasses its cache on the
same session cookie (config/nginx/leg-cramp-guide.conf).
"""

import functools

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.utils.cache import patch_cache_control, set_response_etag

# Statuses a shared cache may keep: a page, or "this article was withdrawn".
PUBLIC_STATUSES = (200, 410)


def personal(request):
    """True for staff, decided from the cookies alone: reading the session
    would make every reader's page `Vary: Cookie`."""
    cookies = request.COOKIES
    return settings.SESSION_COOKIE_NAME in cookies or CookieStorage.cookie_name in cookies


def public_page(view):
    """Mark a public view's response with the cache policy above."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if hasattr(response, "render"):
            response = response.render()  # a TemplateResponse: the ETag needs the bytes
        if personal(request) or response.cookies:
            patch_cache_control(response, private=True, no_store=True)
        elif response.status_code in PUBLIC_STATUSES:
            patch_cache_control(
                response,
                public=True,
                max_age=settings.PAGE_MAX_AGE,
                stale_while_revalidate=settings.PAGE_STALE_WHILE_REVALIDATE,
            )
            # Once here, so a page served from memory does not hash 50 KB
            # again (ConditionalGetMiddleware only adds an ETag if missing).
            set_response_etag(response)
        return response

    return wrapper


def is_public(response):
    return "public" in response.get("Cache-Control", "").replace(" ", "").split(",")

"""Site-wide middleware that Django does not ship."""

from django.conf import settings
from django.urls import reverse

from config.views import bad_request, request_too_large


class PermissionsPolicyMiddleware:
    """Turn off browser features this site never uses (camera, location, ...)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response


def _admin_request_with_nul(request):
    if not request.path_info.startswith(reverse("admin:index")):
        return False
    return "\x00" in request.path_info or any(
        "\x00" in text for key, values in request.GET.lists() for text in (key, *values)
    )


class RequestLimitsMiddleware:
    """Refuse a body larger than any form here could need, before reading it,
    and a NUL byte in an admin address.

    Django's own DATA_UPLOAD_* limits answer 400 once the body is parsed; this
    answers 413 from the Content-Length header alone. The admin hands its
    query values to the database as filters and searches, and PostgreSQL
    refuses a NUL byte in any text (a DataError, so a 500, from
    ?status__exact=%00): 400 instead. (Public pages handle their own query
    values: the search keeps only the words.) It sits after the header
    middleware, so its answers carry the same security headers.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return bad_request(request)
        # Only the image library's upload form takes files (articles/images.py).
        limit = (
            settings.UPLOAD_BODY_LIMIT
            if request.path.startswith(settings.UPLOAD_PATH_PREFIX)
            else settings.REQUEST_BODY_LIMIT
        )
        if length > limit:
            return request_too_large(request)
        if _admin_request_with_nul(request):
            return bad_request(request)
        return self.get_response(request)

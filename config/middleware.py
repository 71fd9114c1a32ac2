"""Site-wide middleware that Django does not ship."""

from django.conf import settings

from config.views import bad_request, request_too_large


class PermissionsPolicyMiddleware:
    """Turn off browser features this site never uses (camera, location, ...)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response


def _has_nul(request):
    return "\x00" in request.path or any(
        "\x00" in text for key, values in request.GET.lists() for text in (key, *values)
    )


class RequestLimitsMiddleware:
    """Refuse a body larger than any form here could need, before reading it,
    and a NUL byte in the path or query string.

    Django's own DATA_UPLOAD_* limits answer 400 once the body is parsed; this
    answers 413 from the Content-Length header alone. No address here has a
    NUL byte in it, and PostgreSQL refuses one in any text it is asked to
    compare (a DataError, so a 500, from an admin filter such as
    ?status__exact=%00): 400 instead. It sits after the header middleware,
    so its answers carry the same security headers.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return bad_request(request)
        if length > settings.REQUEST_BODY_LIMIT:
            return request_too_large(request)
        if _has_nul(request):
            return bad_request(request)
        return self.get_response(request)

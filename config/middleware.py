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


class RequestLimitsMiddleware:
    """Refuse a body larger than any form here could need, before reading it.

    Django's own DATA_UPLOAD_* limits answer 400 once the body is parsed; this
    answers 413 from the Content-Length header alone. It sits after the
    header middleware, so its answers carry the same security headers.
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
        return self.get_response(request)

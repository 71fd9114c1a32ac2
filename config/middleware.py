"""Site-wide middleware that Django does not ship."""

from django.conf import settings
from django.http import HttpResponse


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
    answers 413 from the Content-Length header alone.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return HttpResponse("Bad Content-Length.", status=400, content_type="text/plain")
        if length > settings.REQUEST_BODY_LIMIT:
            return HttpResponse("Request body too large.", status=413, content_type="text/plain")
        return self.get_response(request)

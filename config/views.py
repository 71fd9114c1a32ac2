"""Site-wide views that belong to no one app: health, robots and errors."""

from django.conf import settings
from django.db import DatabaseError, connection
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from django.views.static import serve


@never_cache
@require_safe
def health(request):
    """For the load balancer: 200 when this server can reach the database."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "error", "database": "error"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


@require_safe
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /check/",
        f"Sitemap: {request.build_absolute_uri('/sitemap.xml')}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")


def bad_request(request, exception=None):
    """Malformed requests, such as a form with thousands of fields."""
    return render(request, "400.html", status=400)


def request_too_large(request):
    # The image library's upload form is the one form that takes files.
    upload = request.path.startswith(settings.UPLOAD_PATH_PREFIX)
    context = {"picture_limit_mb": settings.IMAGE_MAX_BYTES // (1024 * 1024)} if upload else {}
    return render(request, "413.html", context, status=413)


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    return render(request, "500.html", status=500)


@require_safe
def media_file(request, path):
    """Uploaded images, in debug and for the browser tests only: in production
    the reverse proxy serves MEDIA_ROOT (README, "Uploaded images")."""
    return serve(request, path, document_root=settings.MEDIA_ROOT)

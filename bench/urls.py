from functools import lru_cache

from django.http import HttpResponse
from django.urls import path

from config.urls import handler404, handler500  # noqa: F401
from config.urls import urlpatterns as site_urlpatterns


@lru_cache(maxsize=8)
def _body(size):
    return b"<!doctype html><title>floor</title>" + b"x" * max(0, size - 35)


def floor(request, size):
    """The fastest a Django view can be here: a fixed page of a given size."""
    return HttpResponse(_body(size), content_type="text/html; charset=utf-8")


urlpatterns = [path("bench/floor/<int:size>/", floor), *site_urlpatterns]

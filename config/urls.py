from django.contrib import admin
from django.urls import include, path

from config import views

urlpatterns = [
    path("", include("articles.urls")),
    path("check/", include("checker.urls")),
    path("health/", views.health, name="health"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("admin/", admin.site.urls),
]

handler400 = "config.views.bad_request"
handler404 = "config.views.page_not_found"
handler500 = "config.views.server_error"

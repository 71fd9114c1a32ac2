from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from config import views
from config.staff_password_reset import StaffPasswordResetView

# Staff password reset with Django's own views (config/staff_password_reset.py);
# the admin's sign-in page links to it by the name admin_password_reset.
password_reset_urlpatterns = [
    path("admin/password-reset/", StaffPasswordResetView.as_view(), name="admin_password_reset"),
    path("admin/password-reset/sent/", auth_views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path("admin/password-reset/<uidb64>/<token>/", auth_views.PasswordResetConfirmView.as_view(),
         name="password_reset_confirm"),  # fmt: skip
    path("admin/password-reset/done/", auth_views.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
]

urlpatterns = [
    path("", include("articles.urls")),
    path("check/", include("checker.urls")),
    path("health/", views.health, name="health"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    *password_reset_urlpatterns,
    path("admin/", admin.site.urls),
]
if settings.SERVE_MEDIA:
    urlpatterns.append(path(f"{settings.MEDIA_URL.strip('/')}/<path:path>", views.media_file, name="media"))

handler400 = "config.views.bad_request"
handler404 = "config.views.page_not_found"
handler500 = "config.views.server_error"

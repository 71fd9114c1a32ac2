"""Staff reset their own password with Django's views, within limits.

- Only staff accounts get an email; the page after the form is the same
  whether or not an account has that address, so it reveals nothing.
- The link in the email is built from SITE_URL, never from the request's
  Host header, and lasts PASSWORD_RESET_TIMEOUT (an hour).
- At most ADDRESS_LIMIT requests an hour from one client address (then a
  429 page), and at most EMAIL_LIMIT emails an hour to one email address
  (further requests show the same page but send nothing), so nobody can
  flood a reviewer's inbox or try addresses quickly.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import PasswordResetForm
from django.http import HttpResponseRedirect
from django.shortcuts import render

from config.client_ip import client_ip
from config.rate_limits import over_limit

ADDRESS_LIMIT = 5
EMAIL_LIMIT = 3
WINDOW_SECONDS = 60 * 60


class StaffPasswordResetForm(PasswordResetForm):
    def get_users(self, email):
        return (user for user in super().get_users(email) if user.is_staff)

    def save(self, **kwargs):
        site = urlsplit(settings.SITE_URL)
        kwargs.update(domain_override=site.netloc, use_https=site.scheme == "https")
        return super().save(**kwargs)


class StaffPasswordResetView(auth_views.PasswordResetView):
    form_class = StaffPasswordResetForm

    def post(self, request, *args, **kwargs):
        if over_limit("password-reset-address", client_ip(request), ADDRESS_LIMIT, WINDOW_SECONDS):
            context = {"title": "Too many password reset requests"}
            return render(request, "registration/password_reset_limited.html", context, status=429)
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        email = form.cleaned_data["email"].strip().lower()
        if over_limit("password-reset-email", email, EMAIL_LIMIT, WINDOW_SECONDS):
            return HttpResponseRedirect(self.get_success_url())  # the same page; no email
        return super().form_valid(form)

"""How the admin's messages name people and times, in one place."""

from django.utils import timezone


def person_name(user):
    """How the admin's messages name a person: full name, else user name."""
    return (user.get_full_name() or user.get_username()) if user else "The site's import"


def clock_time(moment):
    """"10:42" today, "10:42 on 1 December 2026" on another day, in the site's time zone."""
    local = timezone.localtime(moment)
    if local.date() == timezone.localdate():
        return local.strftime("%H:%M")
    return local.strftime("%H:%M on %-d %B %Y")

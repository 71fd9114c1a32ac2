from django.conf import settings


def site(request):
    """The site's name and emergency number, which every page shows."""
    return {
        "SITE_NAME": settings.SITE_NAME,
        "SITE_URL": settings.SITE_URL,
        "EMERGENCY_NUMBER": settings.EMERGENCY_NUMBER,
    }

from django.conf import settings

from config.regions import current_region


def site(request):
    """The site's name and the region's numbers and service names, which every page shows."""
    region = current_region()
    return {
        "SITE_NAME": settings.SITE_NAME,
        "SITE_URL": settings.SITE_URL,
        "EMERGENCY_NUMBER": region.emergency_number,
        "REGION": region,
    }

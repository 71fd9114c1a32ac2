"""Where the site is published: the numbers and service names readers see.

One setting, `SITE_REGION`, picks a profile; every page, article and checker
result takes its emergency number, urgent line, poisons advice and the name
of the family doctor's practice from it, so no page mixes two countries'
words. `EMERGENCY_NUMBER` may still override the number (for a test line).
"""

from dataclasses import dataclass

from django.conf import settings


@dataclass(frozen=True)
class Region:
    code: str
    emergency_number: str
    # The service for "get medical help today", as a reader would say it.
    urgent_line: str
    # What a tel: link dials for it, or "" where it is not one number.
    urgent_line_tel: str
    poisons_line: str
    poisons_line_tel: str
    # The family doctor's practice, and the doctor: "GP surgery" / "GP".
    gp_practice: str
    gp: str
    emergency_department: str


REGIONS = {
    "uk": Region(
        code="uk",
        emergency_number="999",
        urgent_line="NHS 111",
        urgent_line_tel="111",
        poisons_line="NHS 111",
        poisons_line_tel="111",
        gp_practice="GP surgery",
        gp="GP",
        emergency_department="A&E",
    ),
    "us": Region(
        code="us",
        emergency_number="911",
        urgent_line="your doctor's office or an urgent care center",
        urgent_line_tel="",
        poisons_line="Poison Help (1-800-222-1222)",
        poisons_line_tel="18002221222",
        gp_practice="doctor's office",
        gp="doctor",
        emergency_department="the emergency room",
    ),
}


def region_for(code):
    """The profile for a region code; unknown codes are a configuration error."""
    try:
        return REGIONS[code]
    except KeyError:
        raise ValueError(f"SITE_REGION must be one of {', '.join(sorted(REGIONS))}, not {code!r}.") from None


def current_region():
    """The configured region, with the emergency number as settings give it."""
    region = region_for(settings.SITE_REGION)
    number = getattr(settings, "EMERGENCY_NUMBER", "") or region.emergency_number
    if number == region.emergency_number:
        return region
    return Region(**{**region.__dict__, "emergency_number": number})

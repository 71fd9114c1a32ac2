"""The client's address, the one place that decides which address a request came from.

Login lock-outs (django-axes, through AXES_CLIENT_IP_CALLABLE) and the
feedback rate limit both count by it, so both trust the same proxies.

With PROXY_COUNT = 0 (DJANGO_PROXY_COUNT unset) the address is REMOTE_ADDR and
X-Forwarded-For is ignored: anyone can write that header. With N trusted
proxies in front, each appends the address it received the request from, so
the N-th entry from the right is the one our outermost proxy saw: the
client. Entries further left were written by the client and are ignored.
"""

import ipaddress

from django.conf import settings


def _valid(address):
    try:
        return str(ipaddress.ip_address(address.strip()))
    except ValueError:
        return None


def client_ip(request):
    remote = request.META.get("REMOTE_ADDR", "")
    count = settings.PROXY_COUNT
    if count:
        entries = [entry for entry in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if entry.strip()]
        # Fewer entries than proxies: the request did not come through all of
        # them (a misconfigured proxy, or a direct request); REMOTE_ADDR is
        # the only address nobody could have typed.
        if len(entries) >= count:
            forwarded = _valid(entries[-count])
            if forwarded:
                return forwarded
    return _valid(remote) or remote

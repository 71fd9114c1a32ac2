"""Authenticated encryption for what the checker keeps in a reader's browser.

A signed cookie cannot be forged, but anyone who sees it can read it: it is
base64 JSON. Whatever sees the checker's cookie (a proxy that logs cookies,
a browser extension, a shared computer's cookie store) would read the
reader's health answers. A sealed value can be neither read nor changed
without the key, and nothing is stored on the server.

Fernet, from the `cryptography` package: AES-128-CBC with HMAC-SHA256 and a
time stamp inside the authenticated part, so an old value is refused too.
The keys are derived from SECRET_KEY with HKDF-SHA256 and the purpose (for
the checker, the run id), so a value sealed for one purpose never opens for
another. New values are sealed with SECRET_KEY; a value sealed before a key
rotation still opens with its key in SECRET_KEY_FALLBACKS.
"""

import base64
import json

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.core.signing import BadSignature
from django.utils.encoding import force_bytes

_HKDF_SALT = b"legcrampguide.checker.sealing"


class Unsealable(BadSignature):
    """Not sealed by us for this purpose, changed since, or too old.
    (A BadSignature, so code that refused a bad signed value refuses it too.)"""


def _fernet(secret, purpose):
    key = HKDF(algorithm=hashes.SHA256(), length=32, salt=_HKDF_SALT, info=purpose.encode()).derive(force_bytes(secret))
    return Fernet(base64.urlsafe_b64encode(key))


def _keys(purpose):
    return MultiFernet([_fernet(secret, purpose) for secret in [settings.SECRET_KEY, *settings.SECRET_KEY_FALLBACKS]])


def seal(value, purpose, *, now=None):
    """The JSON-serialisable value, encrypted and authenticated, as cookie-safe
    text (no "=" padding, which a cookie would have to quote). `now` (seconds
    since the epoch) is the time stamp to seal with; tests write old values."""
    data = json.dumps(value, separators=(",", ":")).encode()
    keys = _keys(purpose)
    token = keys.encrypt(data) if now is None else keys.encrypt_at_time(data, int(now))
    return token.decode("ascii").rstrip("=")


def unseal(text, purpose, max_age):
    """The value sealed by seal() for this purpose at most max_age seconds ago."""
    try:
        token = (text + "=" * (-len(text) % 4)).encode("ascii")
        return json.loads(_keys(purpose).decrypt(token, ttl=max_age))
    except (InvalidToken, UnicodeError, ValueError, TypeError) as error:
        raise Unsealable("The sealed value could not be opened.") from error

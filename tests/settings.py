"""Settings for the test suite: production settings with test conveniences.

Debug stays off (as Django's test runner forces anyway), so tests see the
production configuration; only HTTPS redirects, password hashing speed,
email and (unless a test asks for a shared one) the cache differ.
"""

import os
import tempfile
from pathlib import Path

os.environ.setdefault("DJANGO_DEBUG", "0")
os.environ.setdefault("DJANGO_SECRET_KEY", "tests-only-secret-key-that-is-long-enough-0123456789-abcdefghij")
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")
# live_server and the test client speak plain HTTP.
os.environ.setdefault("DJANGO_HTTPS", "0")
os.environ.setdefault("DJANGO_CACHE", "locmem")

from config.settings import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    **STORAGES,  # noqa: F405
    # Tests run without collectstatic.
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Without collectstatic, whitenoise serves static files from the apps'
# folders, as it does in debug (a fresh clone has no STATIC_ROOT).
WHITENOISE_USE_FINDERS = True
# Uploaded images never go to the working tree: the image tests give each
# test its own folder (tmp_path); anything else would write here, in the
# temporary folder (made only when a file is written). Django serves them so
# browser tests see them (production's reverse proxy does that job).
MEDIA_ROOT = Path(tempfile.gettempdir()) / "lcg-test-media"
SERVE_MEDIA = True

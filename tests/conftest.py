import os
import secrets
import shutil
import subprocess
import sys
import uuid
from pathlib import Path

# Playwright's sync API runs an event loop in this thread; Django would
# otherwise refuse database work from it (even the test database set-up).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

import pytest  # noqa: E402

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
# These flags keep Chromium from calling out to Google at start-up on a
# machine with no network (see shared/notes/testing-recipes.md).
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1",
]


def pytest_collection_modifyitems(config, items):
    """Browser tests need Chromium. In CI its absence is a failure, not a skip."""
    if shutil.which(CHROMIUM) or os.path.exists(CHROMIUM):
        return
    if os.environ.get("CI"):
        raise pytest.UsageError(f"Chromium not found at {CHROMIUM}; CI must run the browser tests.")
    skip = pytest.mark.skip(reason=f"Chromium not found at {CHROMIUM} (install Debian's chromium: make test does)")
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def base_url(live_server):
    """Relative URLs in page.goto() go to the live test server."""
    return live_server.url


# --- Isolation between tests ----------------------------------------------------


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix, tmp_path_factory):
    """On SQLite, the test database is a file, not Django's in-memory one.

    With an in-memory database the live test server's threads and the test
    share ONE connection, so a page's background request (the change
    form's presence heartbeat) running while the test writes "meanwhile, in
    another browser" can interleave with it on that connection and lose the
    write. With a file each thread has its own connection, as on PostgreSQL,
    and SQLite's locking keeps them apart."""
    from django.conf import settings

    database = settings.DATABASES["default"]
    if database["ENGINE"].endswith("sqlite3"):
        database.setdefault("TEST", {})["NAME"] = str(tmp_path_factory.mktemp("database") / "test.sqlite3")



@pytest.fixture(autouse=True)
def _verify_url():
    """Replaces pytest-base-url's autouse fixture of the same name. That one
    asks for `base_url`, which here starts `live_server`, which makes EVERY
    test transactional: the database is flushed after each, taking the groups
    and topics the data migration created away from the tests that run later
    (a full run then fails in test_workflow.py, test_public_pages.py, ...).
    Browser tests still get the live server through `page` -> `base_url`."""


@pytest.fixture(autouse=True)
def _empty_page_cache_for_every_test():
    """Public pages are kept in this process's "pages" cache under a
    generation kept in the shared cache (articles/page_cache.py); a page
    stored by one test must never be served to the next."""
    from django.core.cache import cache

    from articles import page_generation

    page_generation.forget()
    cache.clear()
    yield
    page_generation.forget()


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run what runs after a real commit: e-mails and the page-cache
    invalidation that approvals and edits trigger."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture(autouse=True)
def _put_back_what_migrations_created(request, django_db_blocker):
    """A transactional test (every browser test: live_server needs committed
    data) empties every table when it ends, taking away the groups and
    topics that the data migration created. Put them back, so that the
    tests after it see the database a fresh deployment has, whatever the
    order in which tests run. Set up first, so torn down after the flush."""
    yield
    marker = request.node.get_closest_marker("django_db")
    transactional = bool(marker and marker.kwargs.get("transaction")) or bool(
        {"transactional_db", "live_server"} & set(request.fixturenames)
    )
    if transactional:
        from tests.factories import ensure_roles_and_topics

        with django_db_blocker.unblock():
            ensure_roles_and_topics()


@pytest.fixture(scope="session")
def collected_static(tmp_path_factory):
    """STATIC_ROOT for servers started with the production settings: they name
    static files from the manifest that collectstatic writes. Collected once
    a session into a temporary folder, never into the working tree."""
    root = tmp_path_factory.mktemp("staticfiles")
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_STATIC_ROOT": str(root),
    }
    repo = Path(__file__).resolve().parents[1]
    subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=repo, env=env, check=True)
    return root


# --- Real servers (tests/servers.py) ------------------------------------------------


@pytest.fixture
def shared_database(tmp_path):
    """A SQLite file, or a new database on the PostgreSQL server that
    DATABASE_URL names, so these tests run on both back ends in CI."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        yield f"sqlite:///{tmp_path}/shared.sqlite3"
        return
    import psycopg

    name = f"lcg_multi_{uuid.uuid4().hex[:8]}"
    admin_url = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    yield url.rsplit("/", 1)[0] + "/" + name
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def server_env(shared_database, collected_static):
    return {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_HTTPS": "0",
        "DATABASE_URL": shared_database,
        "DJANGO_CACHE": "database",
        "DJANGO_LOG_LEVEL": "WARNING",
        "GUNICORN_ACCESS_LOG": "",
        "PYTHONPATH": str(Path(__file__).resolve().parents[1]),
        # Production settings serve hashed static names from the manifest.
        "DJANGO_STATIC_ROOT": str(collected_static),
    }


@pytest.fixture(autouse=True)
def _roles_and_topics_before_a_transactional_test(request, django_db_blocker):
    """The other half of the fixture above. A transactional test with
    serialized_rollback restores the copy saved when the test database was
    made; after a non-transactional test has run in the same session that
    copy can come back without the topics (see the `topics` fixture in
    test_reader_browser.py), and the page under test then has none. Make
    sure they are there once the database is set up for the test."""
    marker = request.node.get_closest_marker("django_db")
    if marker and marker.kwargs.get("transaction"):
        request.getfixturevalue("transactional_db")
        from tests.factories import ensure_roles_and_topics

        with django_db_blocker.unblock():
            ensure_roles_and_topics()
    yield

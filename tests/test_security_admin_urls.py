"""Staff never see a 500: odd ids and odd filter values in admin URLs get a
404, a 400 or the page. Runs on SQLite and, in CI, on PostgreSQL, which
refuses a NUL byte in any text it compares."""

from urllib.parse import quote, urlencode

import pytest
from django.contrib import admin
from hypothesis import HealthCheck, example, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from tests.factories import published_article, superuser

FUZZ = hypothesis_settings(
    max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)

MODELS = sorted(f"{m._meta.app_label}/{m._meta.model_name}" for m in admin.site._registry)
FILTER_NAMES = sorted(
    {
        name
        for model_admin in admin.site._registry.values()
        for entry in model_admin.list_filter
        for name in ([f"{entry}__exact", f"{entry}__id__exact", f"{entry}__isnull"] if isinstance(entry, str)
                     else [getattr(entry, "parameter_name", "")])  # fmt: skip
        if name
    }
    | {"q", "o", "p", "e", "all", "_changelist_filters", "status__in", "pk__in", "id__gt"}
)
# Printable and control characters, NUL included, but no lone surrogates (not text).
text = st.text(st.characters(blacklist_categories=["Cs"]), max_size=30)
odd_values = st.one_of(
    text,
    st.sampled_from(["\x00", "%00", "abc", "-1", "0", "1.5", "99999999999999999999", "1e9", "", " ", "__", "_5F"]),
)
ID_SUFFIXES = ["change/", "history/", "delete/", "workflow/", "preview/", "transition/", ""]


@pytest.fixture
def staff_client(client, db):
    published_article(slug="fuzz-target")
    client.force_login(superuser(username="fuzz-admin"))
    return client


def assert_not_a_server_error(response, url):
    assert response.status_code < 500, (response.status_code, url)


@pytest.mark.parametrize(
    "url, status",
    [
        ("/admin/articles/article/abc/change/", 404),
        ("/admin/articles/article/1/preview/images/cramp.png/change/", 404),  # a preview's relative link
        ("/admin/articles/article/?status__exact=%00", 400),
        ("/admin/articles/article/?q=%00", 400),
        ("/admin/articles/transition/?action__exact=%00", 400),
        ("/admin/articles/article/%00/change/", 400),
    ],
)
def test_the_reported_admin_500s_are_now_404_or_400(staff_client, url, status):
    response = staff_client.get(url)
    assert response.status_code == status, url


@FUZZ
@given(model=st.sampled_from(MODELS), filters=st.dictionaries(st.sampled_from(FILTER_NAMES), odd_values, max_size=3))
@example(model="articles/article", filters={"status__exact": "\x00"})
def test_fuzz_admin_list_filters_never_give_a_server_error(staff_client, model, filters):
    url = f"/admin/{model}/?{urlencode(filters)}"
    assert_not_a_server_error(staff_client.get(url), url)


@FUZZ
@given(model=st.sampled_from(MODELS), object_id=odd_values, suffix=st.sampled_from(ID_SUFFIXES))
@example(model="articles/article", object_id="abc", suffix="change/")
def test_fuzz_admin_object_urls_never_give_a_server_error(staff_client, model, object_id, suffix):
    url = f"/admin/{model}/{quote(object_id, safe='')}/{suffix}"
    assert_not_a_server_error(staff_client.get(url), url)

"""A picture in an article is approved with the text: changing it is an edit
that readers see only after the next approval, and a public page never
makes or looks up an image."""

import html
import re

import pytest
from django.core.files.storage import default_storage
from django.test import Client

from articles import images
from articles.models import Article, Revision, Status
from articles.workflow import perform
from tests.admin_pages import change_form_data
from tests.factories import editor, published_article, reviewer
from tests.image_factories import library_image

pytestmark = pytest.mark.django_db

BODY = """## Stretch your calf

Stand facing a wall [ref:allen2012].

[image:{slug}]

Hold it for 30 seconds.
"""


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def url_of(image, width=640):
    return default_storage.url(image.renditions.get(format="jpeg", width=width).file.name)


def public_page(article):
    response = Client().get(f"/articles/{article.slug}/")
    assert response.status_code == 200
    return response.content.decode()


def edit_body(client, article, body):
    """As an editor does it: the change form posted back with a new body."""
    data = change_form_data(client.get(f"/admin/articles/article/{article.pk}/change/"))
    data["body"] = body
    response = client.post(f"/admin/articles/article/{article.pk}/change/", data)
    assert response.status_code == 302, "the edit was refused"
    article.refresh_from_db()
    return article


def test_changing_the_picture_is_an_edit_readers_see_only_after_approval(client, committed):
    old = library_image(slug="calf-stretch", colour=(40, 110, 160))
    article = published_article(body=BODY.format(slug="calf-stretch"))
    assert url_of(old) in public_page(article)

    # A better drawing is a new image; the editor points the article at it.
    new = library_image(slug="calf-stretch-clearer", colour=(200, 40, 40))
    writer, checker = editor(), reviewer()
    client.force_login(writer)
    with committed():
        article = edit_body(client, article, BODY.format(slug="calf-stretch-clearer"))
    assert article.status == Status.DRAFT

    page = public_page(article)
    assert url_of(old) in page and url_of(new) not in page

    with committed():
        perform(article, writer, "submit")
        perform(article, checker, "start_review")
    page = public_page(article)
    assert url_of(old) in page and url_of(new) not in page

    with committed():
        perform(article, checker, "approve", expected_version=Article.objects.get(pk=article.pk).edit_version)
    page = public_page(article)
    assert url_of(new) in page and url_of(old) not in page
    # The earlier approved version still points at files that are still there.
    first = Revision.objects.get(article=article, number=1)
    assert url_of(old) in first.body_html
    assert default_storage.exists(old.renditions.get(format="jpeg", width=640).file.name)


def test_the_reviewer_sees_the_changed_image_tag_in_the_review_diff(client):
    library_image(slug="calf-stretch")
    library_image(slug="calf-stretch-clearer")
    article = published_article(body=BODY.format(slug="calf-stretch"))
    client.force_login(editor())
    edit_body(client, article, BODY.format(slug="calf-stretch-clearer"))
    client.force_login(reviewer())
    page = client.get(f"/admin/articles/article/{article.pk}/workflow/").content.decode()
    # The diff marks the changed letters inside a word, with words for screen
    # readers ("added: "): read what is shown.
    shown = re.sub(r'<span class="visually-hidden">[^<]*</span>', "", page)
    words = html.unescape(re.sub(r"<[^>]+>", "", shown)).replace("\xa0", " ")
    assert "[image:calf-stretch]" in words and "[image:calf-stretch-clearer]" in words


def test_the_review_diff_shows_a_new_pictures_alt_text_and_caption(client):
    """The reviewer approves what readers get with a picture, not only its tag."""
    library_image(slug="calf-stretch")
    library_image(slug="heel-walk", alt_text="A person walking on their heels with toes raised", caption="Heel walk")
    article = published_article(body=BODY.format(slug="calf-stretch"))
    client.force_login(editor())
    edit_body(client, article, BODY.format(slug="heel-walk"))
    client.force_login(reviewer())
    page = client.get(f"/admin/articles/article/{article.pk}/workflow/").content.decode()
    shown = re.sub(r'<span class="visually-hidden">[^<]*</span>', "", page)
    words = " ".join(html.unescape(re.sub(r"<[^>]+>", "", shown)).replace("\xa0", " ").split())
    assert "Images" in words
    assert "A person walking on their heels with toes raised" in words and "Caption: Heel walk" in words


def test_a_public_page_never_makes_or_looks_up_an_image(monkeypatch, django_assert_max_num_queries):
    image = library_image(slug="calf-stretch")
    article = published_article(body=BODY.format(slug="calf-stretch"))

    def forbidden(*args, **kwargs):
        raise AssertionError("a reader's request must not touch the image library")

    monkeypatch.setattr(images, "insert_figures", forbidden)
    monkeypatch.setattr(images, "_encode", forbidden)
    monkeypatch.setattr(images, "figure_html", forbidden)
    page = public_page(article)
    assert url_of(image) in page and 'loading="lazy"' in page


def test_uploaded_files_are_served_with_their_type(client):
    image = library_image(slug="calf-stretch")
    for rendition in image.renditions.all():
        response = client.get(default_storage.url(rendition.file.name))
        assert response.status_code == 200
        assert response["Content-Type"] == f"image/{rendition.format}"
        assert response["X-Content-Type-Options"] == "nosniff"


def test_saving_a_tag_for_an_image_not_in_the_library_warns_the_editor_at_once(client):
    article = published_article(body=BODY.format(slug="calf-stretch"))  # not uploaded yet
    client.force_login(editor())
    edit_body(client, article, BODY.format(slug="calf-stretch"))
    page = client.get(f"/admin/articles/article/{article.pk}/change/")
    shown = [str(m) for m in page.context["messages"]]
    assert any("[image:calf-stretch] does not match any image in the image library." in m for m in shown), shown
    library_image(slug="calf-stretch")
    edit_body(client, article, BODY.format(slug="calf-stretch") + "\nMore.\n")
    page = client.get(f"/admin/articles/article/{article.pk}/change/")
    assert not any("image library" in str(m) for m in page.context["messages"])

"""Uploading to the image library in the admin: what is refused (and how the
form comes back), what is stored, and that an image never changes."""

import io
import os

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from PIL import Image as Pillow

from articles import images
from articles.image_models import Image, ImageRendition
from tests.factories import editor, reviewer
from tests.image_factories import CALF_STRETCH_ALT, library_image, picture_bytes, upload

pytestmark = pytest.mark.django_db

ADD_URL = "/admin/articles/image/add/"
CAPTION = "Hold the stretch for 30 seconds, then swap legs."
CREDIT = "Drawing: Leg Cramp Guide"


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def stored_files(root):
    return sorted(p for p in root.rglob("*") if p.is_file())


def post_upload(client, file, alt_text=CALF_STRETCH_ALT, caption=CAPTION, credit=CREDIT, slug="", **kwargs):
    return client.post(
        ADD_URL, {"upload": file, "alt_text": alt_text, "caption": caption, "credit": credit, "slug": slug},
        **kwargs,
    )  # fmt: skip


def assert_form_again_with_typed_text(response, alt_text=CALF_STRETCH_ALT):
    """The form is shown again with the error and everything typed in it."""
    assert response.status_code == 200
    page = response.content.decode()
    form = response.context["adminform"].form
    assert form["alt_text"].value() == alt_text and form["caption"].value() == CAPTION
    assert form["credit"].value() == CREDIT
    # What the browser shows: the typed words back in their boxes.
    assert f">\n{alt_text}</textarea>" in page or f">{alt_text}</textarea>" in page
    assert f'value="{CREDIT}"' in page
    assert "Please correct the error" in page
    return form.errors


# --- Accepted ------------------------------------------------------------------------


def test_an_editor_uploads_a_picture_and_is_told_the_tag_to_use(client, media_root):
    client.force_login(editor())
    response = post_upload(client, upload(), slug="calf-stretch-at-a-wall")
    image = Image.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/admin/articles/image/{image.pk}/change/"
    page = client.get(response["Location"]).content.decode()
    assert "[image:calf-stretch-at-a-wall]" in page
    assert (image.alt_text, image.caption, image.credit) == (CALF_STRETCH_ALT, CAPTION, CREDIT)
    assert (image.width, image.height) == (1600, 1200)
    assert image.uploaded_by.groups.filter(name="Editors").exists()
    # The page shows the picture as readers will see it, caption and credit too.
    assert "<picture>" in page and CAPTION in page and CREDIT in page


def test_without_a_slug_one_is_made_from_the_alt_text(client):
    client.force_login(editor())
    post_upload(client, upload())
    post_upload(client, upload(colour=(200, 30, 30)))
    assert sorted(Image.objects.values_list("slug", flat=True)) == [
        "a-woman-leaning-on-a-wall", "a-woman-leaning-on-a-wall-2",
    ]  # fmt: skip


def test_uploading_the_same_picture_again_says_where_it_already_is(client):
    client.force_login(editor())
    post_upload(client, upload(), slug="calf-stretch")
    response = post_upload(client, upload(), slug="calf-stretch-for-older-adults", follow=True)
    shown = [str(m) for m in response.context["messages"]]
    assert any("The same picture is already in the library as [image:calf-stretch]." in m for m in shown)
    assert Image.objects.count() == 2  # allowed: the same picture may need other words elsewhere
    other = post_upload(client, upload(colour=(200, 30, 30)), slug="another-drawing", follow=True)
    assert not any("already in the library" in str(m) for m in other.context["messages"])


def test_renditions_are_made_at_upload_as_webp_and_jpeg_at_several_widths(media_root):
    image = library_image(width=1600, height=1200)
    made = {(r.format, r.width, r.height) for r in image.renditions.all()}
    widths = [(320, 240), (640, 480), (960, 720), (1280, 960)]
    assert made == {(fmt, w, h) for fmt in ("webp", "jpeg") for w, h in widths}
    for rendition in image.renditions.all():
        with default_storage.open(rendition.file.name) as f:
            data = f.read()
        decoded = Pillow.open(io.BytesIO(data))
        assert decoded.format == {"webp": "WEBP", "jpeg": "JPEG"}[rendition.format]
        assert decoded.size == (rendition.width, rendition.height)
        assert rendition.bytes == len(data)
    smallest_webp = image.renditions.get(format="webp", width=320)
    assert smallest_webp.bytes < image.renditions.get(format="webp", width=1280).bytes


def test_a_small_picture_is_never_enlarged(media_root):
    image = library_image(width=500, height=250)
    assert sorted({r.width for r in image.renditions.all()}) == [320, 500]
    assert image.renditions.get(format="jpeg", width=500).height == 250


def test_a_picture_with_transparency_falls_back_to_png_not_jpeg():
    image = library_image(width=700, height=700, fmt="PNG", transparent=True, name="drawing.png")
    assert {r.format for r in image.renditions.all()} == {"webp", "png"}
    with default_storage.open(image.renditions.get(format="png", width=700).file.name) as f:
        assert Pillow.open(f).mode == "RGBA"


def test_location_and_camera_details_are_removed_and_the_picture_turned_upright(media_root):
    exif = Pillow.Exif()
    exif[0x0112] = 6  # orientation: the camera was turned; show it rotated 90 degrees
    exif[0x010F] = "PhoneMaker"  # camera make
    exif.get_ifd(0x8825)[2] = (51.0, 30.0, 0.0)  # GPS latitude
    image = library_image(width=1200, height=800, exif=exif.tobytes())
    assert (image.width, image.height) == (800, 1200)  # upright
    for name in [image.original.name, *image.renditions.values_list("file", flat=True)]:
        with default_storage.open(name) as f:
            data = f.read()
        assert b"PhoneMaker" not in data
        assert not Pillow.open(io.BytesIO(data)).getexif(), name


# --- Refused, with the form shown again ------------------------------------------------


def test_a_file_over_5_mb_is_refused_and_the_typed_text_kept(client, media_root):
    # Random pixels do not compress: a real picture over the limit, not a setting made small.
    noise = Pillow.frombytes("RGB", (1400, 1400), os.urandom(1400 * 1400 * 3))
    out = io.BytesIO()
    noise.save(out, "PNG")
    assert out.tell() > 5 * 1024 * 1024
    client.force_login(editor())
    response = post_upload(client, upload("big.png", out.getvalue(), "image/png"))
    errors = assert_form_again_with_typed_text(response)
    assert "pictures can be up to 5 MB" in errors["upload"][0]
    assert not Image.objects.exists() and stored_files(media_root) == []


def test_a_request_far_over_the_limit_gets_the_too_large_page_before_it_is_read(client, settings):
    settings.UPLOAD_BODY_LIMIT = 1000
    client.force_login(editor())
    response = post_upload(client, upload())
    assert response.status_code == 413
    assert "Pictures can be up to 5 MB, and this was far more. Nothing was saved." in response.content.decode()
    assert not Image.objects.exists()


def test_other_pages_keep_the_small_request_limit(client):
    response = client.post("/search/", {"q": "x" * 10}, CONTENT_LENGTH=str(2 * 1024 * 1024))
    assert response.status_code == 413
    assert "No form on this site needs more than a few thousand characters" in response.content.decode()


@pytest.mark.parametrize(
    "name, data, message",
    [
        ("notes.jpg", b"These are my notes, not a picture.", "not a picture we can read"),
        ("drawing.png", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
         "not a picture we can read"),
        ("cut-short.jpg", picture_bytes()[:3000], "not a picture we can read"),
        ("moving.gif", picture_bytes(fmt="GIF"), "This is a GIF file"),
    ],
    ids=["text", "svg", "truncated-jpeg", "gif"],
)  # fmt: skip
def test_a_file_that_does_not_decode_as_a_jpeg_png_or_webp_is_refused(client, media_root, name, data, message):
    client.force_login(editor())
    response = post_upload(client, upload(name, data))
    errors = assert_form_again_with_typed_text(response)
    assert message in errors["upload"][0]
    assert not Image.objects.exists() and stored_files(media_root) == []


def test_a_picture_over_4000_pixels_either_way_is_refused(client):
    client.force_login(editor())
    response = post_upload(client, upload("panorama.png", picture_bytes(width=4001, height=300, fmt="PNG")))
    errors = assert_form_again_with_typed_text(response)
    assert "4001 × 300 pixels" in errors["upload"][0] and "4000 × 4000" in errors["upload"][0]


@pytest.mark.parametrize(
    "alt_text",
    ["IMG_2041.jpg", "calf-stretch.jpg", "calf_stretch_2", "IMG 2041", "Screenshot 2026-11-30 at 10.41.02",
     "calf-stretch", "DSC01234"],
)  # fmt: skip
def test_alt_text_that_looks_like_a_file_name_is_refused(client, alt_text):
    client.force_login(editor())
    response = post_upload(client, upload("calf-stretch.jpg"), alt_text=alt_text)
    errors = assert_form_again_with_typed_text(response, alt_text=alt_text)
    assert "looks like a file name" in errors["alt_text"][0]
    # A browser never fills the file box in again: say so.
    assert "Choose the picture again" in errors["upload"][0]
    assert not Image.objects.exists()


@pytest.mark.parametrize("alt_text", ["Stretch", "Calf stretch", "  a  leg  "])
def test_alt_text_of_fewer_than_three_words_is_refused(alt_text):
    assert "at least 3 words" in images.alt_text_problem(alt_text)


def test_alt_text_must_not_just_repeat_the_file_name():
    assert "file name" in images.alt_text_problem("Calf stretch at wall", "calf_stretch_at_wall.jpg")


@pytest.mark.parametrize(
    "alt_text",
    [CALF_STRETCH_ALT, "A man sitting on a bed, pulling his toes towards him with a towel",
     "Two legs: the left calf is swollen and red"],
)  # fmt: skip
def test_a_real_description_is_accepted(alt_text):
    assert images.alt_text_problem(alt_text, "IMG_2041.jpg") is None


def test_alt_text_is_required(client):
    client.force_login(editor())
    response = post_upload(client, upload(), alt_text="")
    assert response.status_code == 200
    assert "This field is required." in response.context["adminform"].form.errors["alt_text"]


def test_a_slug_that_is_taken_or_badly_formed_is_refused(client):
    library_image(slug="calf-stretch")
    client.force_login(editor())
    taken = post_upload(client, upload(), slug="calf-stretch")
    assert "already exists" in taken.context["adminform"].form.errors["slug"][0]
    bad = post_upload(client, upload(), slug="Calf_Stretch")
    assert "lower-case letters" in bad.context["adminform"].form.errors["slug"][0]
    assert Image.objects.count() == 1


# --- Who may do what ---------------------------------------------------------------


def test_reviewers_can_see_the_library_but_not_upload(client):
    image = library_image()
    client.force_login(reviewer())
    assert client.get("/admin/articles/image/").status_code == 200
    assert client.get(f"/admin/articles/image/{image.pk}/change/").status_code == 200
    assert client.get(ADD_URL).status_code == 403
    assert post_upload(client, upload()).status_code == 403
    assert Image.objects.count() == 1


def test_anonymous_visitors_are_sent_to_the_login_page(client):
    response = post_upload(client, upload())
    assert response.status_code == 302 and response["Location"].startswith("/admin/login/")
    assert not Image.objects.exists()


# --- An image never changes ---------------------------------------------------------------


def test_an_uploaded_image_cannot_be_changed_or_deleted_in_the_admin(client):
    from tests.factories import superuser

    image = library_image()
    client.force_login(superuser())
    page = client.get(f"/admin/articles/image/{image.pk}/change/").content.decode()
    assert 'name="alt_text"' not in page and 'name="_save"' not in page
    assert "upload a new image and change the tag" in page
    response = client.post(f"/admin/articles/image/{image.pk}/change/", {"alt_text": "A different description here"})
    assert response.status_code == 403
    assert client.post(f"/admin/articles/image/{image.pk}/delete/", {"post": "yes"}).status_code == 403
    image.refresh_from_db()
    assert image.alt_text == CALF_STRETCH_ALT


def test_an_image_and_its_renditions_refuse_changes_in_code_too():
    image = library_image()
    image.alt_text = "Something else entirely, typed later"
    with pytest.raises(ValidationError):
        image.save()
    with pytest.raises(ValidationError):
        Image.objects.filter(pk=image.pk).update(alt_text="Something else entirely")
    with pytest.raises(ValidationError):
        Image.objects.all().delete()
    with pytest.raises(ValidationError):
        ImageRendition.objects.filter(image=image).update(width=1)
    with pytest.raises(ValidationError):
        image.renditions.first().delete()
    assert Image.objects.get().alt_text == CALF_STRETCH_ALT


def test_the_image_list_shows_a_thumbnail_and_the_alt_text(client):
    image = library_image(slug="calf-stretch")
    client.force_login(editor())
    page = client.get("/admin/articles/image/").content.decode()
    thumbnail = image.renditions.get(format="jpeg", width=320).file.name
    assert f'src="/media/{thumbnail}"' in page and CALF_STRETCH_ALT in page
